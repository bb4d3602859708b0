import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A login link becomes an inline keyboard URL button, with the code in the text.
@Suite struct TelegramLoginLinkTests {
    static let link = LoginLink(
        url: "https://device.sso.us-east-1.amazonaws.com/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK",
        expiresAt: Date(timeIntervalSince1970: 1_795_792_445))

    @Test func anEventWithALoginLinkHasAnApproveButtonAndTheCode() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        let details = Self.link.details.merging(["session_expires_at": "2026-11-27T15:00:00Z"]) { $1 }
        #expect(await channel.deliver(sampleEvent(details: details)) == .delivered)
        let message = try #require(fake.messages.first)
        let keyboard = try #require(message.parameters["reply_markup"]?["inline_keyboard"]?.arrayValue)
        let button = try #require(keyboard.first?.arrayValue?.first)
        #expect(button["url"]?.stringValue == Self.link.url)
        #expect(button["text"]?.stringValue == "Approve login BCDF-GHJK")
        #expect(message.text.contains("Approve the login with the button below: code BCDF-GHJK, valid until 2026-"))
        #expect(message.entities.contains { $0.type == "code" })
        #expect(!message.text.contains("login_url"), "the link is not repeated among the details")
        #expect(message.text.contains("session_expires_at"))
    }

    @Test func resolvedEventsAndEventsWithoutALinkHaveNoButton() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent()) == .delivered)
        #expect(
            await channel.deliver(sampleEvent(state: .ok, previous: .expired, details: Self.link.details)) == .delivered
        )
        #expect(fake.messages.count == 2)
        #expect(fake.messages.allSatisfy { $0.parameters["reply_markup"] == nil })
    }
}
