import Foundation
import SSOHealingCore
import SSOHealingTelegramNotifier
import SSOHealingTestKit
import Testing

@Suite struct TelegramSecretsTests {
    @Test func theTokenIsInNoLogLineAndNoReasonWhateverHappens() async throws {
        let fake = try FakeTelegramBotAPI()
        let (logger, logs) = capturingLogger()
        let channel = try makeChannel(fake, logger: logger)
        let secretPart = String(fake.token.split(separator: ":")[1])
        var results: [DeliveryResult] = []

        results.append(await channel.deliver(sampleEvent()))
        let failures: [FakeTelegramBotAPI.Failure] = [
            .tooManyRequests(retryAfter: 1), .serverError(status: 500), .badGateway, .blocked, .chatNotFound,
            .dropConnection, .migrated(to: -100_123),
            // A server that quotes the request back must not get the token into a reason.
            .refuse(status: 400, description: "Bad Request: wrong path /bot\(fake.token)/sendMessage"),
            .refuse(status: 500, description: "token \(fake.token.replacing(":", with: "%3A")) rejected"),
        ]
        for failure in failures {
            fake.failNext(failure)
            results.append(await channel.deliver(sampleEvent()))
        }
        let wrongToken = try makeChannel(fake, token: "999:" + secretPart, logger: logger)
        results.append(await wrongToken.deliver(sampleEvent()))
        fake.stop()
        results.append(await channel.deliver(sampleEvent()))

        let reasons = results.map(\.description)
        let lines = logLines(logs)
        #expect(lines.count >= failures.count)
        for secret in [fake.token, secretPart, "999:" + secretPart] {
            #expect(!reasons.contains { $0.contains(secret) }, "a reason holds the token: \(reasons)")
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds the token")
        }
        #expect(reasons.contains { $0.contains("Bad Request: wrong path /bot<redacted>/sendMessage") })
        #expect(reasons.contains { $0.contains("token <redacted> rejected") })
        #expect(lines.contains { $0.contains("Forbidden: bot was blocked by the user") })
    }

    @Test func settingsDescribeThemselvesWithoutTheToken() {
        let token = FakeTelegramBotAPI.makeToken()
        let settings = TelegramNotifier.Settings(botToken: token, chatID: "-100123", messageThreadID: 9)
        var dumped = ""
        dump(settings, to: &dumped)
        for text in [settings.description, String(describing: settings), String(reflecting: settings), dumped] {
            #expect(!text.contains(token))
        }
        #expect(settings.description == "telegram chat -100123 thread 9 via https://api.telegram.org")
    }
}
