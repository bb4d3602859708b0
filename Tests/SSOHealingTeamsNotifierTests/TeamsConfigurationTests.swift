import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTeamsNotifier
import SSOHealingTestKit
import Testing

@Suite struct TeamsConfigurationTests {
    let url =
        "https://prod-12.westeurope.logic.azure.com:443/workflows/5f0c1d2e3b4a59687f6e5d4c3b2a1908/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seTAxMjM"

    private func errors(_ toml: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try DropIn.configuration(
                toml, type: TeamsNotifier.type, factory: TeamsNotifier.factory, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func theURLIsARequiredSecretCheckedWithoutBeingQuoted() {
        #expect(TeamsNotifier.schema.key("url")?.isSecret == true)
        #expect(errors("type = \"teams\"\n").contains("missing required key \"url\""))
        for bad in [
            "prod-12.logic.azure.com/workflows/x", "https://:8443/x", "https://host", "ftp://host/x", "https://h/a b",
        ] {
            let problems = errors("type = \"teams\"\nurl = \"${URL}\"\n", environment: ["URL": bad])
            #expect(
                problems.contains("10-test.toml:2:7: \"url\" must be an http:// or https:// URL with a path"),
                "\(bad): \(problems)")
            #expect(!problems.contains(bad))
        }
        #expect(errors("type = \"teams\"\nurl = \"${URL}\"\n", environment: ["URL": url]).isEmpty)
    }

    private func exampleDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let example = try String(contentsOfFile: repositoryRoot + "/notifiers.d/teams.toml.example", encoding: .utf8)
        try directory.write("config/notifiers.d/10-teams.toml", example, mode: 0o600)
        return directory
    }

    @Test func theExampleDropInLoadsAndBuildsAChannel() throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = ["TEAMS_WORKFLOW_URL": url]
        let kinds = ConfigurationKinds(notifierTypes: [TeamsNotifier.type.rawValue: TeamsNotifier.schema])
        let result = ConfigurationLoader(directory: directory.file("config"), environment: environment, kinds: kinds)
            .load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let notifier = try #require(result.configuration?.notifiers.first)
        #expect(notifier.name == "10-teams")
        #expect(notifier.section.string("url") == url)
        #expect(notifier.routing.minSeverity == .warning)
        _ = try TeamsNotifier.factory.make(
            NotifierContext(configuration: notifier, logger: Logger(label: "test"), environment: environment))
    }

    @Test func theBinaryChecksAndShowsTheExampleWithTheURLRedacted() async throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "TEAMS_WORKFLOW_URL": url,
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
            #expect(output.contains("<redacted>"))
            #expect(!output.contains("Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seTAxMjM"))
            #expect(!output.contains("5f0c1d2e3b4a59687f6e5d4c3b2a1908"))
        }
    }

    @Test func theBinarySendsATestCardThroughTheBuiltInType() async throws {
        let fake = try FakeTeamsWorkflow()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config/notifiers.d/10-teams.toml", dropIn)
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "TEAMS_WORKFLOW_URL": fake.url,
        ]
        let command = [
            builtBinary, "notifiers", "test", "--config-dir", directory.file("config"), "--state-dir",
            directory.file("state"),
        ]
        let sent = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(sent.exitStatus == 0, "\(sent.stdoutText)\(sent.stderrText)")
        #expect(sent.stdoutText == "10-teams: delivered\n")
        #expect(fake.failedRuns.isEmpty)
        #expect(fake.posted.first?.visibleText.hasPrefix("TEST · WARNING · test is degraded (was ok)\n") == true)

        fake.failAlways(.workflowGone)
        let refused = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(refused.exitStatus == 1)
        #expect(
            refused.stdoutText.contains("10-teams: failed: the Teams workflow refused the message (HTTP 404)"),
            "\(refused.stdoutText)")
        let output = refused.stdoutText + refused.stderrText
        #expect(!output.contains(fake.signature) && !output.contains(fake.workflowID))
    }
}
