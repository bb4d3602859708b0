import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingPagerDutyNotifier
import SSOHealingTestKit
import Testing

@Test func pagerDutyConformsAgainstTheFakeEventsAPI() async throws {
    let fake = try FakePagerDutyEventsAPI()
    let harness = NotifierConformance.Harness(
        secrets: [fake.routingKey],
        makeNotifier: { logger in try makeChannel(fake, logger: logger) },
        setMode: { mode in
            switch mode {
            case .accept: fake.acceptAll()
            case .transientFailure: fake.failAlways(.rateLimited(retryAfter: 2))
            case .permanentFailure:
                fake.failAlways(
                    .refuse(status: 400, body: FakePagerDutyEventsAPI.invalidEvent(["Invalid routing key"])))
            }
        },
        // A test alert is one delivery of two events (its trigger, then the resolve that closes
        // it at once): people see the trigger.
        received: {
            fake.events.filter { !($0.action == "resolve" && $0.body["payload"]?["class"] == .string("test")) }
                .map(\.visibleText)
        })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
    // The transition, its reminder and its resolution are one alert, now resolved.
    let episode = try #require(fake.alerts.first { $0.dedupKey.hasSuffix("/aws-sso:prod/3") })
    #expect(episode.events.map(\.action) == ["trigger", "trigger", "resolve"])
    #expect(episode.resolved)
    let test = try #require(fake.alerts.first { $0.dedupKey.contains("/test/") })
    #expect(test.resolved)
    let long = try #require(fake.events.first { $0.summary?.contains("conformance-long") == true })
    #expect(long.summary?.unicodeScalars.count == 1024)
    #expect(long.summary?.hasSuffix("…") == true)
}
