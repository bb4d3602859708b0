import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingPagerDutyNotifier
import SSOHealingTestKit
import Testing

@Suite struct PagerDutyConfigurationTests {
    let key = FakePagerDutyEventsAPI.makeRoutingKey()

    private func errors(_ toml: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try DropIn.configuration(
                toml, type: PagerDutyNotifier.type, factory: PagerDutyNotifier.factory, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func theRoutingKeyIsARequiredSecretCheckedWithoutBeingQuoted() {
        #expect(PagerDutyNotifier.schema.key("routing_key")?.isSecret == true)
        #expect(errors("type = \"pagerduty\"\n").contains("missing required key \"routing_key\""))
        for bad in [String(key.dropLast()), key + "0", String(key.dropLast()) + "-"] {
            let problems = errors("type = \"pagerduty\"\nrouting_key = \"${KEY}\"\n", environment: ["KEY": bad])
            #expect(
                problems.contains(
                    "10-test.toml:2:15: \"routing_key\" must be the 32-letter-and-digit Integration Key of an Events API v2 integration"
                ), "\(bad): \(problems)")
            #expect(!problems.contains(bad))
        }
        #expect(errors("type = \"pagerduty\"\nrouting_key = \"${KEY}\"\n", environment: ["KEY": key]).isEmpty)
    }

    @Test func theAPIURLMustBeAnHTTPBaseURL() {
        let base = "type = \"pagerduty\"\nrouting_key = \"\(key)\"\n"
        #expect(errors(base + "api_url = \"https://events.eu.pagerduty.com/\"\n").isEmpty)
        #expect(
            errors(base + "api_url = \"events.pagerduty.com\"\n").contains(
                "10-test.toml:3:11: \"api_url\" must be an http:// or https:// URL without a query"))
        #expect(PagerDutyNotifier.schema.key("api_url")?.isSecret == false)
    }

    @Test func theKeyCanComeFromAFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("key", key + "\n")
        let configuration = try DropIn.configuration(
            "type = \"pagerduty\"\nrouting_key_file = \"\(file)\"\n", type: PagerDutyNotifier.type,
            factory: PagerDutyNotifier.factory)
        #expect(configuration.section.string("routing_key") == key)
        #expect(configuration.section.secretKeys.contains("routing_key"))
    }

    private func exampleDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let example = try String(
            contentsOfFile: repositoryRoot + "/notifiers.d/pagerduty.toml.example", encoding: .utf8)
        try directory.write("config/notifiers.d/10-pagerduty.toml", example, mode: 0o600)
        return directory
    }

    @Test func theExampleDropInLoadsAndBuildsAChannel() throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = ["PAGERDUTY_ROUTING_KEY": key]
        let kinds = ConfigurationKinds(notifierTypes: [PagerDutyNotifier.type.rawValue: PagerDutyNotifier.schema])
        let result = ConfigurationLoader(directory: directory.file("config"), environment: environment, kinds: kinds)
            .load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let notifier = try #require(result.configuration?.notifiers.first)
        #expect(notifier.name == "10-pagerduty")
        #expect(notifier.section.string("routing_key") == key)
        #expect(notifier.routing.minSeverity == .warning)
        #expect(notifier.routing.sendResolved)
        _ = try PagerDutyNotifier.factory.make(
            NotifierContext(configuration: notifier, logger: Logger(label: "test"), environment: environment))
    }

    @Test func theBinaryChecksAndShowsTheExampleWithTheKeyRedacted() async throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "PAGERDUTY_ROUTING_KEY": key,
        ]
        let options = ["--config-dir", directory.file("config"), "--state-dir", directory.file("state")]
        let check = try await ProcessRunner.run(
            [builtBinary, "config", "check"] + options, environment: environment, timeout: .seconds(30))
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")
        for format in [[], ["--json"]] {
            let show = try await ProcessRunner.run(
                [builtBinary, "config", "show"] + format + options, environment: environment, timeout: .seconds(30))
            #expect(show.exitStatus == 0, "\(show.stderrText)")
            let output = show.stdoutText + show.stderrText
            #expect(output.contains("routing_key"))
            #expect(output.contains("<redacted>"))
            #expect(!output.contains(key))
        }
    }

    @Test func theBinarySendsATestAlertThroughTheBuiltInTypeAndResolvesIt() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config/notifiers.d/10-pagerduty.toml", dropIn(fake))
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "PAGERDUTY_ROUTING_KEY": fake.routingKey,
        ]
        let command = [
            builtBinary, "notifiers", "test", "--config-dir", directory.file("config"), "--state-dir",
            directory.file("state"),
        ]
        let sent = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(sent.exitStatus == 0, "\(sent.stdoutText)\(sent.stderrText)")
        #expect(sent.stdoutText == "10-pagerduty: delivered\n")
        #expect(fake.events.map(\.action) == ["trigger", "resolve"])
        #expect(fake.events.first?.summary?.hasPrefix("TEST: test is degraded on ") == true)
        #expect(fake.alerts.count == 1 && fake.alerts[0].resolved)

        fake.failAlways(.refuse(status: 400, body: FakePagerDutyEventsAPI.invalidEvent(["Invalid routing key"])))
        let refused = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(refused.exitStatus == 1)
        #expect(
            refused.stdoutText.contains(
                "10-pagerduty: failed: PagerDuty refused the event (HTTP 400): Event object is invalid (Invalid routing key)"
            ), "\(refused.stdoutText)")
        #expect(!(refused.stdoutText + refused.stderrText).contains(fake.routingKey))
    }
}
