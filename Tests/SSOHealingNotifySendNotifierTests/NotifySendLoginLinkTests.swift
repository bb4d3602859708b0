import Foundation
import SSOHealingCore
import SSOHealingNotifySendNotifier
import Testing

@Test func aDesktopNotificationShowsTheLoginLinkUnlessResolved() {
    let link = LoginLink(url: "https://device.example/?user_code=X", userCode: "X", expiresAt: Date())
    func event(_ state: HealthState) -> AlertEvent {
        AlertEvent(
            fingerprint: "aws-sso:prod", episode: 1, probe: "prod", kind: "aws-sso", previous: .ok, state: state,
            summary: "s", remedy: "aws sso login", details: link.details, at: Date())
    }
    #expect(
        NotifySendNotifier.body(for: event(.expired))
            == "s\nRun: aws sso login\nApprove the login: https://device.example/?user_code=X (code X)")
    #expect(!NotifySendNotifier.body(for: event(.ok)).contains("Approve"))
}
