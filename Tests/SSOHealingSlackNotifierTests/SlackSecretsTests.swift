import Foundation
import SSOHealingCore
import SSOHealingSlackNotifier
import SSOHealingTestKit
import Testing

@Suite struct SlackSecretsTests {
    @Test func theWebhookURLIsInNoLogLineAndNoReasonWhateverHappens() async throws {
        let fake = try FakeSlackWebhook()
        let (logger, logs) = capturingLogger()
        let channel = try makeChannel(fake, logger: logger)
        var results: [DeliveryResult] = [await channel.deliver(sampleEvent())]
        let failures: [FakeSlackWebhook.Failure] = [
            .rateLimited(retryAfter: 1), .serverError(status: 500), .channelNotFound, .channelArchived,
            .refuse(status: 400, body: "invalid_payload"), .dropConnection,
            // A server that quotes the request back must not get the URL into a reason.
            .refuse(status: 400, body: "no such hook: POST \(fake.path)"),
            .serverError(status: 502, body: "upstream \(fake.url) failed; key \(fake.secret)"),
        ]
        for failure in failures {
            fake.failNext(failure)
            results.append(await channel.deliver(sampleEvent()))
        }
        let revoked = try makeChannel(fake, url: fake.url + "x", logger: logger)
        results.append(await revoked.deliver(sampleEvent()))
        fake.stop()
        results.append(await channel.deliver(sampleEvent()))

        let reasons = results.map(\.description)
        let lines = logLines(logs)
        #expect(lines.contains { $0.contains("channel_not_found") })
        for secret in [fake.url, fake.path, fake.secret] {
            #expect(!reasons.contains { $0.contains(secret) }, "a reason holds the webhook: \(reasons)")
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds the webhook")
        }
        #expect(reasons.contains { $0.contains("no such hook: POST <redacted>") })
        #expect(reasons.contains { $0.contains("upstream <redacted> failed; key <redacted>") })
    }

    @Test func settingsDescribeThemselvesWithoutThePath() throws {
        let fake = try FakeSlackWebhook()
        let settings = SlackNotifier.Settings(webhookURL: fake.url, username: "bot")
        var dumped = ""
        dump(settings, to: &dumped)
        for text in [settings.description, String(describing: settings), String(reflecting: settings), dumped] {
            #expect(!text.contains(fake.secret))
            #expect(!text.contains(fake.path))
        }
        #expect(settings.description == "slack webhook at \(fake.server.baseURL)")
        let withUser = SlackNotifier.Settings(webhookURL: "https://user:pass@hooks.slack.com/services/T/B/k3y")
        #expect(withUser.description == "slack webhook at https://hooks.slack.com")
    }
}
