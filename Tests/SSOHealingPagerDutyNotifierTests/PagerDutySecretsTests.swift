import Foundation
import SSOHealingCore
import SSOHealingPagerDutyNotifier
import SSOHealingTestKit
import Testing

@Suite struct PagerDutySecretsTests {
    @Test func theRoutingKeyIsInNoLogLineAndNoReasonWhateverHappens() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let key = fake.routingKey
        let (logger, logs) = capturingLogger()
        let channel = try makeChannel(fake, logger: logger)
        var results: [DeliveryResult] = [await channel.deliver(sampleEvent())]
        let failures: [FakePagerDutyEventsAPI.Failure] = [
            .rateLimited(retryAfter: 1), .serverError(status: 500), .dropConnection,
            .refuse(status: 400, body: FakePagerDutyEventsAPI.invalidEvent(["Invalid routing key"])),
            // A server that quotes the key back must not get it into a reason, in any letter case.
            .refuse(status: 400, body: FakePagerDutyEventsAPI.invalidEvent(["routing key \(key) is not enabled"])),
            .refuse(status: 403, body: "forbidden for \(key.uppercased())"),
            .serverError(status: 502),
        ]
        for failure in failures {
            fake.failNext(failure)
            results.append(await channel.deliver(sampleEvent()))
        }
        let malformed = String(key.dropLast(4))
        let mistyped = try makeChannel(fake, key: malformed + "zzzz", logger: logger)
        results.append(await mistyped.deliver(sampleEvent()))
        fake.stop()
        results.append(await channel.deliver(sampleEvent()))

        let reasons = results.map(\.description)
        let lines = logLines(logs)
        // The fake did get the key: the test is not vacuous.
        #expect(fake.requests.contains { $0.bodyText.contains(key) })
        #expect(lines.contains { $0.contains("Invalid routing key") })
        for secret in [key, key.uppercased(), malformed] {
            #expect(!reasons.contains { $0.contains(secret) }, "a reason holds the routing key: \(reasons)")
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds the routing key")
        }
        #expect(reasons.contains { $0.contains("routing key <redacted> is not enabled") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("forbidden for <redacted>") }, "\(reasons)")
    }

    @Test func settingsDescribeThemselvesWithoutTheKey() throws {
        let key = FakePagerDutyEventsAPI.makeRoutingKey()
        let settings = PagerDutyNotifier.Settings(routingKey: key, apiURL: "https://events.eu.pagerduty.com/")
        var dumped = ""
        dump(settings, to: &dumped)
        for text in [settings.description, String(describing: settings), String(reflecting: settings), dumped] {
            #expect(!text.contains(key))
        }
        #expect(settings.description == "pagerduty events via https://events.eu.pagerduty.com")
    }
}
