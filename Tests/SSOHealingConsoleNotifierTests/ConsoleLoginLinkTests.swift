import Foundation
import SSOHealingConsoleNotifier
import SSOHealingCore
import Testing

@Test func aConsoleLineEndsWithTheLoginLink() async throws {
    let at = Date(timeIntervalSince1970: 1_795_791_845)
    let link = LoginLink(url: "https://device.example/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK", expiresAt: at)
    let event = AlertEvent(
        fingerprint: "aws-sso:prod", episode: 7, probe: "prod", kind: "aws-sso", previous: .ok, state: .expired,
        summary: "expired", remedy: "aws sso login --profile prod", details: link.details, at: at, host: "h")
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    defer { close(ends[0]) }
    let channel = ConsoleNotifier(fileDescriptor: ends[1])
    #expect(await channel.deliver(event) == .delivered)
    close(ends[1])
    let output = String(
        decoding: FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).readDataToEndOfFile(), as: UTF8.self)
    #expect(
        output
            == "2026-11-27T15:04:05Z CRITICAL prod: expired (was ok): expired — remedy: aws sso login --profile prod"
            + " — approve the login: https://device.example/?user_code=BCDF-GHJK (code BCDF-GHJK, until 2026-11-27T15:04:05Z)\n"
    )
}
