import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingSlackNotifier
import SSOHealingTestKit
import Testing

@Suite struct SlackConfigurationTests {
    let url = "https://hooks.slack.com" + FakeSlackWebhook.makePath()

    private func errors(_ toml: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try DropIn.configuration(
                toml, type: SlackNotifier.type, factory: SlackNotifier.factory, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func theWebhookURLIsARequiredSecretCheckedWithoutBeingQuoted() {
        #expect(SlackNotifier.schema.key("webhook_url")?.isSecret == true)
        #expect(errors("type = \"slack\"\n").contains("missing required key \"webhook_url\""))
        for bad in [
            "chat.example/services/T/B/x", "https://chat.example", "https://chat.example/", "ftp://chat.example/x",
        ] {
            let problems = errors("type = \"slack\"\nwebhook_url = \"${URL}\"\n", environment: ["URL": bad])
            #expect(
                problems.contains("10-test.toml:2:15: \"webhook_url\" must be an http:// or https:// URL with a path"),
                "\(bad): \(problems)")
            #expect(!problems.contains(bad))
        }
        #expect(errors("type = \"slack\"\nwebhook_url = \"${URL}\"\n", environment: ["URL": url]).isEmpty)
    }

    @Test func theIconMustBeAnEmojiName() {
        let base = "type = \"slack\"\nwebhook_url = \"${URL}\"\n"
        #expect(errors(base + "icon_emoji = \":key:\"\nusername = \"sso\"\n", environment: ["URL": url]).isEmpty)
        #expect(errors(base + "icon_emoji = \":+1:\"\n", environment: ["URL": url]).isEmpty)
        #expect(
            errors(base + "icon_emoji = \"key\"\n", environment: ["URL": url]).contains(
                "\"icon_emoji\" must be an emoji name between colons, such as \":key:\", not \"key\""))
    }

    @Test func theURLCanComeFromAFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("hook", url + "\n")
        let configuration = try DropIn.configuration(
            "type = \"slack\"\nwebhook_url_file = \"\(file)\"\n", type: SlackNotifier.type,
            factory: SlackNotifier.factory)
        #expect(configuration.section.string("webhook_url") == url)
        #expect(configuration.section.secretKeys.contains("webhook_url"))
    }

    private func exampleDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let example = try String(contentsOfFile: repositoryRoot + "/notifiers.d/slack.toml.example", encoding: .utf8)
        try directory.write("config/notifiers.d/10-slack.toml", example, mode: 0o600)
        return directory
    }

    @Test func theExampleDropInLoadsAndBuildsAChannel() throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = ["SLACK_WEBHOOK_URL": url]
        let kinds = ConfigurationKinds(notifierTypes: [SlackNotifier.type.rawValue: SlackNotifier.schema])
        let result = ConfigurationLoader(directory: directory.file("config"), environment: environment, kinds: kinds)
            .load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let notifier = try #require(result.configuration?.notifiers.first)
        #expect(notifier.name == "10-slack")
        #expect(notifier.section.string("webhook_url") == url)
        #expect(notifier.routing.minSeverity == .warning)
        #expect(notifier.routing.sendResolved)
        _ = try SlackNotifier.factory.make(
            NotifierContext(configuration: notifier, logger: Logger(label: "test"), environment: environment))
        let missing = ConfigurationLoader(directory: directory.file("config"), environment: [:], kinds: kinds).load()
        #expect(missing.errors.map(\.message).contains { $0.contains("\"SLACK_WEBHOOK_URL\" is not set") })
    }

    @Test func theBinaryChecksAndShowsTheExampleWithTheURLRedacted() async throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "SLACK_WEBHOOK_URL": url,
        ]
        let options = ["--config-dir", directory.file("config"), "--state-dir", directory.file("state")]
        let check = try await ProcessRunner.run(
            [builtBinary, "config", "check"] + options, environment: environment, timeout: .seconds(30))
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")
        let secret = String(url.split(separator: "/").last!)
        for format in [[], ["--json"]] {
            let show = try await ProcessRunner.run(
                [builtBinary, "config", "show"] + format + options, environment: environment, timeout: .seconds(30))
            #expect(show.exitStatus == 0, "\(show.stderrText)")
            let output = show.stdoutText + show.stderrText
            #expect(output.contains("webhook_url"))
            #expect(output.contains("<redacted>"))
            #expect(!output.contains(secret))
            #expect(!output.contains("hooks.slack.com/services"))
        }
    }

    @Test func theBinarySendsATestAlertThroughTheBuiltInType() async throws {
        let fake = try FakeSlackWebhook()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config/notifiers.d/10-slack.toml", dropIn())
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "SLACK_WEBHOOK_URL": fake.url,
        ]
        let command = [
            builtBinary, "notifiers", "test", "--config-dir", directory.file("config"), "--state-dir",
            directory.file("state"),
        ]
        let sent = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(sent.exitStatus == 0, "\(sent.stdoutText)\(sent.stderrText)")
        #expect(sent.stdoutText == "10-slack: delivered\n")
        let message = try #require(fake.messages.first)
        #expect(message.colors == ["warning"])
        #expect(
            message.visibleText.hasPrefix("🧪 TEST · 🟠 WARNING · test is degraded (was ok)\nTEST from sso-self-healing"))

        fake.failAlways(.channelArchived)
        let refused = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(refused.exitStatus == 1)
        #expect(
            refused.stdoutText.contains("10-slack: failed: Slack refused the message (HTTP 410): channel_is_archived"))
        let output = refused.stdoutText + refused.stderrText
        #expect(!output.contains(fake.secret) && !output.contains(fake.path))
    }
}
