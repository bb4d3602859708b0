import Foundation
import SSOHealingCore
import SSOHealingSendmailNotifier
import Testing

@Test func aMailCarriesTheLoginLinkAsAParagraphNotAsAFact() throws {
    let link = LoginLink(
        url: "https://device.example/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK",
        expiresAt: Date(timeIntervalSince1970: 1_795_792_445))
    var event = sampleEvent()
    event.details = link.details
    let text = SendmailNotifier.message(
        for: event, from: nil, to: [try MailAddress("ops@example.com")], subject: nil, channel: "mail",
        date: Date(timeIntervalSince1970: 1_795_791_845)
    ).replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
    #expect(text.contains("Or approve the login that was started for this machine (code BCDF-GHJK,"))
    #expect(text.contains("    https://device.example/?user_code=BCDF-GHJK"))
    #expect(!text.contains("login_url:"))
}
