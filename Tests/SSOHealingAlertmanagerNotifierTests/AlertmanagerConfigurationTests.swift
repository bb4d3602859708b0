import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import Testing

@testable import SSOHealingAlertmanagerNotifier

/// The diagnostics of loading `toml` as an alertmanager drop-in (empty when valid).
func problems(_ toml: String, environment: [String: String] = [:]) -> String {
    do {
        _ = try DropIn.configuration(
            toml, type: AlertmanagerNotifier.type, factory: AlertmanagerNotifier.factory, environment: environment)
        return ""
    } catch {
        return "\(error)"
    }
}

@Suite struct AlertmanagerConfigurationTests {
    @Test func oneURLOrSeveralAreAccepted() throws {
        #expect(problems("type = \"alertmanager\"\nurl = \"http://am:9093\"") == "")
        #expect(problems("type = \"alertmanager\"\nurl = [\"http://am-1:9093\", \"https://am-2/x\"]") == "")
        let configuration = try DropIn.configuration(
            "type = \"alertmanager\"\nurl = [\"${A}\", \"${B}\"]", type: AlertmanagerNotifier.type,
            factory: AlertmanagerNotifier.factory, environment: ["A": "http://a:1", "B": "http://b:2"])
        #expect(configuration.section.strings("url") == ["http://a:1", "http://b:2"])
        #expect(configuration.section.secretKeys.contains("url"))
    }

    @Test func badValuesAreReportedWithoutQuotingTheURL() {
        let secretURL = "ftp://secret-host/key-123"
        let text = problems("type = \"alertmanager\"\nurl = [\"http://ok:1\", \"\(secretURL)\"]")
        #expect(text.contains("\"url\" element 2 must start with http:// or https://"))
        #expect(!text.contains("secret-host"))
        #expect(problems("type = \"alertmanager\"\nurl = []").contains("at least one Alertmanager"))
        #expect(problems("type = \"alertmanager\"\nurl = 3").contains("a string or an array of strings"))
        #expect(
            problems("type = \"alertmanager\"\nurl = \"http://am\"\nresend_interval = \"1m\"\nends_after = \"30s\"")
                .contains("\"ends_after\" must be longer than the resend interval"))
        #expect(
            problems("type = \"alertmanager\"\nurl = \"http://am\"\nresend_interval = \"1m\"\nrepeat_interval = \"2m\"")
                .contains("not both"))
        #expect(
            problems("type = \"alertmanager\"\nurl = \"http://am\"\nrepeat_interval = \"0\"").contains("at least 1s"))
        #expect(
            problems("type = \"alertmanager\"\nurl = \"http://am\"\nlabels = { severity = \"x\" }")
                .contains("set by the notifier itself"))
        #expect(
            problems("type = \"alertmanager\"\nurl = \"http://am\"\nlabels = { \"my-team\" = \"x\" }")
                .contains("not a valid label name"))
    }

    @Test func theResendIntervalIsTheChannelsReminderCadenceInBothStates() throws {
        let registry = Registry()
        registry.register(notifier: AlertmanagerNotifier.type, AlertmanagerNotifier.factory)
        for (toml, expected) in [
            ("", Duration.seconds(60)), ("resend_interval = \"30s\"", .seconds(30)),
            ("repeat_interval = \"2m\"", .seconds(120)),
        ] {
            let configuration = try DropIn.configuration(
                "type = \"alertmanager\"\nurl = \"http://am:9093\"\n\(toml)", type: AlertmanagerNotifier.type,
                factory: AlertmanagerNotifier.factory)
            let runtime = try BuiltConfiguration.build(
                configuration: Configuration(
                    daemon: DaemonSettings(), daemonSection: configuration.section, probes: [],
                    notifiers: [configuration], files: []), registry: registry, environment: [:],
                stateDirectory: NSTemporaryDirectory(), logger: Logger(label: "test"))
            let route = try #require(runtime.routes.first)
            #expect(route.repeatInterval(in: .expired) == expected)
            #expect(route.repeatInterval(in: .degraded) == expected)
        }
    }
}
