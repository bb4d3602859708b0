import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTelegramNotifier
import SSOHealingTestKit
import Testing

@Suite struct TelegramConfigurationTests {
    let token = FakeTelegramBotAPI.makeToken()

    private func load(_ toml: String, environment: [String: String] = [:]) throws -> NotifierConfiguration {
        try DropIn.configuration(
            toml, type: TelegramNotifier.type, factory: TelegramNotifier.factory, environment: environment)
    }

    private func errors(_ toml: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try load(toml, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func chatIDsAreIntegersOrChannelUsernames() throws {
        let environment = ["T": token]
        for chat in ["-1001234567890", "123", #""42""#, #""@ops_alerts""#] {
            let configuration = try load(
                "type = \"telegram\"\nbot_token = \"${T}\"\nchat_id = \(chat)\n", environment: environment)
            #expect(configuration.section.string("chat_id") == chat.replacing("\"", with: ""))
        }
        for chat in [#""ops""#, #""@abc""#, #""@1abcdef""#, #""-12x""#, #""""#] {
            let problems = errors(
                "type = \"telegram\"\nbot_token = \"${T}\"\nchat_id = \(chat)\n", environment: environment)
            #expect(
                problems.contains("10-test.toml:3:11: \"chat_id\" must be an integer chat id"), "\(chat): \(problems)")
        }
        #expect(
            errors("type = \"telegram\"\nbot_token = \"${T}\"\nchat_id = 1.5\n", environment: environment).contains(
                "\"chat_id\" must be a string or an integer, not a float"))
    }

    @Test func aMalformedTokenIsReportedWithoutQuotingIt() {
        let malformed = "not a token/3f9c2d1e-8b7a-4c65-a0f1-2e3d4c5b6a79"
        let problems = errors(
            "type = \"telegram\"\nbot_token = \"${T}\"\nchat_id = 1\n", environment: ["T": malformed])
        #expect(problems.contains("\"bot_token\" does not look like a bot token from @BotFather"))
        #expect(!problems.contains(malformed))
        #expect(!problems.contains(String(malformed.suffix(36))))
    }

    @Test func theTokenCanComeFromAFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("token", token + "\n")
        let configuration = try load("type = \"telegram\"\nbot_token_file = \"\(file)\"\nchat_id = 1\n")
        #expect(configuration.section.string("bot_token") == token)
        #expect(configuration.section.secretKeys.contains("bot_token"))
    }

    @Test func optionalKeysHaveDefaultsAndAreChecked() throws {
        let configuration = try load(
            "type = \"telegram\"\nbot_token = \"${T}\"\nchat_id = 1\n", environment: ["T": token])
        #expect(configuration.section.string("parse_mode") == "HTML")
        #expect(configuration.section.string("api_url") == "https://api.telegram.org")
        #expect(configuration.section.integer("message_thread_id") == nil)
        let base = "type = \"telegram\"\nbot_token = \"${T}\"\nchat_id = 1\n"
        #expect(
            errors(base + "api_url = \"ftp://x\"\n", environment: ["T": token]).contains(
                "\"api_url\" must be an http:// or https:// URL"))
        #expect(errors(base + "message_thread_id = 0\n", environment: ["T": token]).contains("message_thread_id"))
        #expect(
            errors(base + "parse_mode = \"Markdown\"\n", environment: ["T": token]).contains(#"one of "HTML", "none""#))
        #expect(errors("type = \"telegram\"\nchat_id = 1\n").contains("missing required key \"bot_token\""))
        #expect(TelegramNotifier.schema.key("bot_token")?.isSecret == true)
        #expect(TelegramNotifier.schema.key("api_url")?.isSecret == false)
    }

    // MARK: - The example drop-in

    private func exampleDirectory(bodyFrom file: String = "telegram.toml.example") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let example = try String(contentsOfFile: repositoryRoot + "/notifiers.d/" + file, encoding: .utf8)
        try directory.write("config/notifiers.d/20-telegram.toml", example, mode: 0o600)
        return directory
    }

    @Test func theExampleDropInLoadsAndBuildsAChannel() throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = ["TELEGRAM_BOT_TOKEN": token, "TELEGRAM_CHAT_ID": "-1001234567890"]
        let result = ConfigurationLoader(
            directory: directory.file("config"), environment: environment,
            kinds: ConfigurationKinds(notifierTypes: [TelegramNotifier.type.rawValue: TelegramNotifier.schema])
        ).load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let notifier = try #require(result.configuration?.notifiers.first)
        #expect(notifier.name == "20-telegram")
        #expect(notifier.section.string("bot_token") == token)
        #expect(notifier.section.string("chat_id") == "-1001234567890")
        #expect(notifier.routing.timeout == .seconds(10))
        _ = try TelegramNotifier.factory.make(
            NotifierContext(configuration: notifier, logger: Logger(label: "test"), environment: environment))

        let missing = ConfigurationLoader(
            directory: directory.file("config"), environment: ["TELEGRAM_BOT_TOKEN": token],
            kinds: ConfigurationKinds(notifierTypes: [TelegramNotifier.type.rawValue: TelegramNotifier.schema])
        ).load()
        #expect(missing.errors.map(\.message).contains { $0.contains("\"TELEGRAM_CHAT_ID\" is not set") })
    }

    @Test func theBinaryChecksAndShowsTheExampleWithTheTokenRedacted() async throws {
        let directory = try exampleDirectory()
        defer { directory.remove() }
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_CHAT_ID": "@ops_alerts",
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
            // chat_id came from ${TELEGRAM_CHAT_ID}: a value from the environment is a secret too.
            #expect(!output.contains("@ops_alerts"))
            #expect(output.contains("parse_mode") || output.contains("telegram"))
            #expect(!output.contains(token))
            #expect(!output.contains(String(token.split(separator: ":")[1])))
        }
    }

    @Test func theBinarySendsATestAlertThroughTheBuiltInType() async throws {
        let fake = try FakeTelegramBotAPI(chats: ["-1001234567890"])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config/notifiers.d/20-telegram.toml", dropIn(fake, chat: "-1001234567890"))
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
            "TELEGRAM_BOT_TOKEN": fake.token,
        ]
        let command = [
            builtBinary, "notifiers", "test", "--config-dir", directory.file("config"), "--state-dir",
            directory.file("state"),
        ]
        let sent = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(sent.exitStatus == 0, "\(sent.stdoutText)\(sent.stderrText)")
        #expect(sent.stdoutText == "20-telegram: delivered\n")
        let message = try #require(fake.messages.first)
        #expect(message.text.hasPrefix("🧪 TEST · 🟠 WARNING · test is degraded (was ok)\nTEST from sso-self-healing"))

        fake.failAlways(.blocked)
        let refused = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(30))
        #expect(refused.exitStatus == 1)
        #expect(refused.stdoutText.contains("20-telegram: failed: Telegram refused the message (HTTP 403)"))
        let output = refused.stdoutText + refused.stderrText
        #expect(!output.contains(fake.token) && !output.contains(String(fake.token.split(separator: ":")[1])))
    }
}
