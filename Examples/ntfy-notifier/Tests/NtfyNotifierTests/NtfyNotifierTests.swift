import Foundation
import NtfyNotifier
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

@Suite struct NtfyNotifierTests {
    let event = NotifierConformance.sampleEvents()[0]

    @Test func anExpiredSessionIsAnUrgentNotificationWithItsFix() async throws {
        let fake = try FakeNtfy()
        let channel = NtfyNotifier(.init(server: fake.url, topic: fake.topic, token: fake.token, tags: ["aws"]))
        #expect(await channel.deliver(event) == .delivered)
        let message = try #require(fake.messages.first)
        #expect(message.topic == fake.topic)
        #expect(message.title == "EXPIRED prod (aws-sso)")
        #expect(message.priority == 5)
        #expect(message.tags == ["rotating_light", "aws"])
        #expect(message.message.contains("Fix: aws sso login --profile prod"))
        #expect(fake.requests.first?.header("Authorization") == "Bearer \(fake.token)")
    }

    @Test func answersMapToDeliveryResults() async throws {
        let fake = try FakeNtfy()
        let channel = NtfyNotifier(.init(server: fake.url, topic: fake.topic, token: fake.token))
        fake.behave(.rateLimited)
        guard case .retry(_, let reason) = await channel.deliver(event) else {
            Issue.record("429 is not retried")
            return
        }
        #expect(reason.contains("limit reached"))
        fake.behave(.unavailable)
        guard case .retry = await channel.deliver(event) else {
            Issue.record("502 is not retried")
            return
        }
        fake.behave(.accept)
        let wrongToken = NtfyNotifier(.init(server: fake.url, topic: fake.topic, token: "tk_wrong"))
        guard case .failed(let refused) = await wrongToken.deliver(event) else {
            Issue.record("a wrong token is not a failure")
            return
        }
        #expect(refused.contains("HTTP 401") && refused.contains("check token") && !refused.contains("tk_wrong"))
        let unreachable = NtfyNotifier(.init(server: "http://127.0.0.1:1", topic: fake.topic))
        guard case .retry = await unreachable.deliver(event) else {
            Issue.record("a refused connection is not retried")
            return
        }
    }

    @Test func dropInsAreValidatedWithoutQuotingTheTopic() throws {
        let good = try DropIn.configuration(
            "type = \"ntfy\"\ntopic = \"${NTFY_TOPIC}\"\ntags = [\"aws\"]\n", type: NtfyNotifier.type,
            factory: NtfyNotifier.factory, environment: ["NTFY_TOPIC": "my-topic_1"])
        #expect(good.section.string("topic") == "my-topic_1")
        #expect(throws: DropIn.LoadError.self) {
            try DropIn.configuration(
                "type = \"ntfy\"\ntopic = \"has spaces/and-slash\"\n", type: NtfyNotifier.type,
                factory: NtfyNotifier.factory)
        }
        do {
            _ = try DropIn.configuration(
                "type = \"ntfy\"\ntopic = \"has spaces/and-slash\"\n", type: NtfyNotifier.type,
                factory: NtfyNotifier.factory)
        } catch {
            #expect("\(error)".contains("\"topic\" must be 1 to 64 letters"))
            #expect(!"\(error)".contains("has spaces"))
        }
    }
}
