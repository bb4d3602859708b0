import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTeamsNotifier
import SSOHealingTestKit
import Testing

@Test func teamsConformsAgainstTheFakeWorkflow() async throws {
    let fake = try FakeTeamsWorkflow()
    let harness = NotifierConformance.Harness(
        secrets: [fake.url, fake.signature, fake.workflowID],
        makeNotifier: { logger in try makeChannel(fake, logger: logger) },
        setMode: { mode in
            switch mode {
            case .accept: fake.acceptAll()
            case .transientFailure: fake.failAlways(.rateLimited(retryAfter: 2))
            case .permanentFailure: fake.failAlways(.workflowGone)
            }
        },
        received: { fake.posted.map(\.visibleText) })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
    #expect(fake.failedRuns.isEmpty, "\(fake.failedRuns.map(\.reason))")
    let long = try #require(fake.posted.first { $0.visibleText.contains("conformance-long") })
    #expect(long.visibleText.contains("<b>&amp;</b> \"quotes\""))
    #expect(long.visibleText.contains("check <the> VPN & restart"))
}
