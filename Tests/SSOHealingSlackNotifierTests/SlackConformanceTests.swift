import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingSlackNotifier
import SSOHealingTestKit
import Testing

@Test func slackConformsAgainstTheFakeWebhook() async throws {
    let fake = try FakeSlackWebhook()
    let harness = NotifierConformance.Harness(
        secrets: [fake.url, fake.path, fake.secret],
        makeNotifier: { logger in try makeChannel(fake, logger: logger) },
        setMode: { mode in
            switch mode {
            case .accept: fake.acceptAll()
            case .transientFailure: fake.failAlways(.rateLimited(retryAfter: 2))
            case .permanentFailure: fake.failAlways(.channelArchived)
            }
        },
        received: { fake.messages.map(\.visibleText) })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
    let long = try #require(fake.messages.first { $0.visibleText.contains("conformance-long") })
    #expect(long.visibleText.contains("<b>&amp;</b> \"quotes\""))
    #expect(long.visibleText.contains("`check <the> VPN & restart`"))
    #expect(fake.messages.flatMap(\.mentions).isEmpty)
}
