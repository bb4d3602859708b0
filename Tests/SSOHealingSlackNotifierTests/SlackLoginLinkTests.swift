import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A login link becomes a primary link button, with the code beside it.
@Suite struct SlackLoginLinkTests {
    static let link = LoginLink(
        url: "https://device.sso.us-east-1.amazonaws.com/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK",
        expiresAt: Date(timeIntervalSince1970: 1_795_792_445))

    @Test func anEventWithALoginLinkHasAnApproveButton() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent(details: Self.link.details)) == .delivered, "\(fake.rejections)")
        let message = try #require(fake.messages.first)
        let blocks = try #require(message.payload["blocks"]?.arrayValue)
        let buttons = SlackBlocks.buttons(of: blocks)
        #expect(buttons.count == 1)
        #expect(buttons.first?.url == Self.link.url && buttons.first?.text == "Approve login BCDF-GHJK")
        #expect(
            message.visibleText.contains(
                "*Approve the login* to renew the session: code `BCDF-GHJK`, valid until 2026-11-27T15:14:05Z"))
        #expect(!message.visibleText.contains("login_url"))
    }

    @Test func resolvedEventsHaveNoButton() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        #expect(
            await channel.deliver(sampleEvent(state: .ok, previous: .expired, details: Self.link.details)) == .delivered
        )
        let blocks = try #require(fake.messages.first?.payload["blocks"]?.arrayValue)
        #expect(SlackBlocks.buttons(of: blocks).isEmpty)
    }
}
