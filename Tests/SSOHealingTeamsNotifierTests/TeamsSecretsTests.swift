import Foundation
import SSOHealingCore
import SSOHealingTeamsNotifier
import SSOHealingTestKit
import Testing

@Suite struct TeamsSecretsTests {
    @Test func theWorkflowURLIsInNoLogLineAndNoReasonWhateverHappens() async throws {
        let fake = try FakeTeamsWorkflow()
        let (logger, logs) = capturingLogger()
        let channel = try makeChannel(fake, logger: logger)
        var results: [DeliveryResult] = [await channel.deliver(sampleEvent())]
        let failures: [FakeTeamsWorkflow.Failure] = [
            .rateLimited(retryAfter: 1), .serverError(status: 500), .workflowGone, .dropConnection,
            // A workflow that quotes the request back must not get the URL into a reason.
            .refuse(
                status: 400, code: "InvalidTemplate",
                message: "Unable to process trigger of workflow '\(fake.workflowID)' called with sig=\(fake.signature)"),
            .refuse(status: 502, code: "BadGateway", message: "upstream \(fake.url) failed"),
        ]
        for failure in failures {
            fake.failNext(failure)
            results.append(await channel.deliver(sampleEvent()))
        }
        let wrong = fake.url.replacing("sig=\(fake.signature)", with: "sig=" + fake.signature + "Q")
        results.append(await (try makeChannel(fake, url: wrong, logger: logger)).deliver(sampleEvent()))
        fake.stop()
        results.append(await channel.deliver(sampleEvent()))

        let reasons = results.map(\.description)
        let lines = logLines(logs)
        #expect(lines.contains { $0.contains("WorkflowNotFound") })
        for secret in [fake.url, fake.signature, fake.signature + "Q", fake.workflowID, fake.path] {
            #expect(!reasons.contains { $0.contains(secret) }, "a reason holds the URL: \(reasons)")
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds the URL")
        }
        #expect(
            reasons.contains {
                $0.contains("Unable to process trigger of workflow '<redacted>' called with sig=<redacted>")
            },
            "\(reasons)")
        #expect(reasons.contains { $0.contains("upstream <redacted> failed") }, "\(reasons)")
    }

    @Test func settingsDescribeThemselvesWithoutThePathOrQuery() throws {
        let fake = try FakeTeamsWorkflow()
        let settings = TeamsNotifier.Settings(url: fake.url)
        var dumped = ""
        dump(settings, to: &dumped)
        for text in [settings.description, String(describing: settings), String(reflecting: settings), dumped] {
            #expect(!text.contains(fake.signature))
            #expect(!text.contains(fake.workflowID))
        }
        #expect(settings.description == "teams workflow at \(fake.server.baseURL)")
    }
}
