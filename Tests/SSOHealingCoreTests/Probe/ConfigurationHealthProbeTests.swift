import Foundation
import Logging
import SSOHealingCore
import Testing

/// The daemon's own target, `sso-self-healing:config`: degraded while a channel is disabled,
/// resolved through the engine once it is fixed.
@Suite struct ConfigurationHealthProbeTests {
    static let problem = ConfigDiagnostic(
        file: "/etc/sso/notifiers.d/20-pager.toml", location: SourceLocation(line: 3, column: 32),
        message: "environment variable \"PAGER_TOKEN\" is not set")

    @Test func aProblemIsDegradedNamingTheFileLineAndChannel() {
        let result = ConfigurationHealthProbe.result(for: [Self.problem])
        #expect(result.state == .degraded)
        #expect(
            result.summary
                == "channel 20-pager is disabled: its drop-in cannot be used: /etc/sso/notifiers.d/20-pager.toml:3:32: environment variable \"PAGER_TOKEN\" is not set"
        )
        #expect(result.details == ["disabled_channels": "20-pager"])
        #expect(ConfigurationHealthProbe.result(for: []).state == .ok)
    }

    @Test func manyProblemsAreCountedBeyondTheFirstFive() {
        let problems = (1...7).map {
            ConfigDiagnostic(
                file: "/c/notifiers.d/\($0)0-x.toml", location: SourceLocation(line: 1, column: 1), message: "bad")
        }
        let result = ConfigurationHealthProbe.result(for: problems)
        #expect(result.summary.hasPrefix("channels 10-x, 20-x, 30-x, 40-x, 50-x, 60-x, 70-x are disabled"))
        #expect(result.summary.hasSuffix("/c/notifiers.d/50-x.toml:1:1: bad; and 2 more"))
    }

    func built(problems: [ConfigDiagnostic], probeNamed name: String = "vpn") -> BuiltConfiguration {
        let section = ConfigSection(
            file: "config.toml", path: "probe.\(name)", location: SourceLocation(line: 1, column: 1),
            values: ["type": .string("command")], schema: ConfigSchema(keys: []))
        let probe = ProbeConfiguration(name: name, section: section)
        var configuration = Configuration(
            daemon: DaemonSettings(), daemonSection: section, probes: [probe], notifiers: [], files: [])
        configuration.brokenDropIns = problems
        var built = BuiltConfiguration(
            configuration: configuration,
            probes: [
                .init(
                    configuration: probe, probe: FixedProbe(),
                    target: NotificationPlanner.Target(name: name, kind: "command"))
            ], channels: [])
        built.channelProblems = problems
        return built
    }

    struct FixedProbe: Probe {
        func check() async -> ProbeResult { ProbeResult(state: .ok, summary: "fine") }
    }

    @Test func theTargetJoinsWhileAChannelIsDisabledOrWhileTheStateRemembersItFailing() {
        var broken = built(problems: [Self.problem])
        let brokenAdded = broken.watchConfigurationHealth(remembering: nil)
        #expect(brokenAdded)
        #expect(broken.probes.map(\.target.fingerprint) == ["command:vpn", "sso-self-healing:config"])

        var healthy = built(problems: [])
        let addedWithoutProblems = healthy.watchConfigurationHealth(remembering: EngineState())
        #expect(!addedWithoutProblems)
        var state = EngineState()
        var record = TargetRecord(kind: "sso-self-healing")
        record.health.state = .degraded
        state.targets["config"] = record
        let healthyAdded = healthy.watchConfigurationHealth(remembering: state)
        #expect(healthyAdded)
        state.targets["config"]?.health.state = .ok
        var resolved = built(problems: [])
        let resolvedAdded = resolved.watchConfigurationHealth(remembering: state)
        #expect(!resolvedAdded)
    }

    @Test func aConfiguredTargetNamedConfigKeepsItsName() {
        var clash = built(problems: [Self.problem], probeNamed: "config")
        let added = clash.watchConfigurationHealth(remembering: nil)
        #expect(!added)
        #expect(clash.probes.map(\.target.fingerprint) == ["command:config"])
    }

    @Test func theTargetReachesAChannelWhateverItsProbesList() {
        var routed = built(problems: [Self.problem])
        routed.watchConfigurationHealth(remembering: nil)
        let section = ConfigSection(
            file: "ops.toml", path: "ops", location: SourceLocation(line: 1, column: 1),
            values: ["type": .string("exec"), "probes": .strings(["vpn"])], schema: ConfigSchema(keys: []))
        routed.channels = [
            .init(
                configuration: NotifierConfiguration(name: "ops", file: "ops.toml", section: section),
                notifier: Silent())
        ]
        #expect(routed.routes.first?.routing.probes == ["vpn", "config"])
    }

    struct Silent: Notifier {
        func deliver(_ event: AlertEvent) async -> DeliveryResult { .delivered }
    }
}
