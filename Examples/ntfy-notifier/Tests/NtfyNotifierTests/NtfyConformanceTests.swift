import Foundation
import NtfyNotifier
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

/// The conformance check every notifier can run against itself, run by this custom one.
@Test func ntfyConformsAgainstTheFakeServer() async throws {
    let fake = try FakeNtfy()
    let harness = NotifierConformance.Harness(
        secrets: [fake.topic, fake.token],
        makeNotifier: { _ in
            NtfyNotifier(.init(server: fake.url, topic: fake.topic, token: fake.token, timeout: .seconds(5)))
        },
        setMode: { mode in
            switch mode {
            case .accept: fake.behave(.accept)
            case .transientFailure: fake.behave(.rateLimited)
            case .permanentFailure: fake.behave(.forbidden)
            }
        },
        received: { fake.messages.map(\.visibleText) })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
    let long = try #require(fake.messages.first { $0.message.contains("conformance-long") })
    #expect(long.message.utf8.count <= 4096)
}
