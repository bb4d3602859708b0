import Foundation
import SSOHealingConsoleNotifier
import SSOHealingCore
import Testing

/// A login request reads as one, not as a change of the target's state.
@Test func aLoginRequestsLinesSayWhatHappenedToTheLogin() async throws {
    let at = Date(timeIntervalSince1970: 1_795_791_845)
    let link = LoginLink(
        url: "https://device.example/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK", expiresAt: at.addingTimeInterval(600)
    )
    let opened = AlertEvent.loginRequest(
        .requested, number: 1, probe: "corp", targetState: .ok, summary: "login requested for corp",
        remedy: "open the login link and approve code BCDF-GHJK", details: link.details, at: at, host: "h")
    let closed = AlertEvent.loginRequest(
        .approved, number: 1, probe: "corp", targetState: .ok, summary: "login for corp approved", at: at, host: "h")
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    defer { close(ends[0]) }
    let channel = ConsoleNotifier(fileDescriptor: ends[1])
    #expect(await channel.deliver(opened) == .delivered)
    #expect(await channel.deliver(closed) == .delivered)
    close(ends[1])
    let output = String(
        decoding: FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).readDataToEndOfFile(), as: UTF8.self)
    #expect(
        output
            == "2026-11-27T15:04:05Z INFO corp: login requested: login requested for corp — remedy: open the login link "
            + "and approve code BCDF-GHJK — approve the login: https://device.example/?user_code=BCDF-GHJK (code "
            + "BCDF-GHJK, until 2026-11-27T15:14:05Z)\n"
            + "2026-11-27T15:04:05Z INFO corp: login approved: login for corp approved\n")
    #expect(!output.contains("degraded") && !output.contains("(was "))
}
