import Foundation
import SSOHealingAppriseNotifier
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

@Test func appriseConformsAgainstTheRealAppriseAndALoopbackJSONReceiver() async throws {
    try requireApprise()
    let receiver = try AppriseReceiver()
    let secret = "apprise-secret-\(UUID().uuidString)"
    let toml = appriseDropIn([receiver.url(password: secret, path: "hooks/\(secret)")])
    let harness = NotifierConformance.Harness(
        secrets: [secret],
        // Apprise exits 1 both for a refusal and for an unreachable server: the permanent
        // failures it can report (2, 3) are covered by AppriseNotifierTests.
        modes: [.accept, .transientFailure],
        makeNotifier: { logger in try appriseChannel(toml, logger: logger) },
        setMode: { mode in receiver.answer(mode == .accept ? 200 : 503) },
        received: { try receiver.jsonPayloads().map { "\($0.title)\n\($0.message)" } })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
    for request in receiver.requests {
        #expect(!request.bodyText.contains(secret), "a delivered message carries the URL's secret")
    }
}
