import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTelegramNotifier
import SSOHealingTestKit
import Testing

@Test func telegramConformsAgainstTheFakeBotAPI() async throws {
    let fake = try FakeTelegramBotAPI()
    let harness = NotifierConformance.Harness(
        secrets: [fake.token, String(fake.token.split(separator: ":")[1])],
        makeNotifier: { logger in try makeChannel(fake, logger: logger) },
        setMode: { mode in
            switch mode {
            case .accept: fake.acceptAll()
            case .transientFailure: fake.failAlways(.tooManyRequests(retryAfter: 3))
            case .permanentFailure: fake.failAlways(.blocked)
            }
        },
        received: { fake.messages.map(\.text) })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
    let long = try #require(fake.messages.first { $0.text.contains("conformance-long") })
    #expect(long.text.utf16.count <= 4096)
    #expect(long.text.contains("check <the> VPN & restart"))
}

@Test func telegramConformsInPlainTextToo() async throws {
    let fake = try FakeTelegramBotAPI()
    let harness = NotifierConformance.Harness(
        secrets: [fake.token],
        makeNotifier: { logger in try makeChannel(fake, extra: #"parse_mode = "none""#, logger: logger) },
        setMode: { mode in
            switch mode {
            case .accept: fake.acceptAll()
            case .transientFailure: fake.failAlways(.serverError(status: 502))
            case .permanentFailure: fake.failAlways(.chatNotFound)
            }
        },
        received: { fake.messages.map(\.text) })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
}
