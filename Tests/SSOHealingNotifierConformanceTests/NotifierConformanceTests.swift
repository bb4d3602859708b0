import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import Synchronization
import Testing

/// A stand-in counterpart: a mode and an inbox.
private final class FakeCounterpart: Sendable {
    let mode = Mutex(NotifierConformance.Mode.accept)
    let inbox = Mutex<[String]>([])
}

/// A notifier over the fake counterpart, with switchable misbehaviour.
private struct ProbeNotifier: Notifier {
    var counterpart: FakeCounterpart
    var logger: Logger
    var secret: String
    var leaksSecret = false
    var sendsSecret = false
    var retriesPermanentFailures = false

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        if leaksSecret { logger.debug("posting to https://hooks.example/\(secret)") }
        switch counterpart.mode.withLock({ $0 }) {
        case .accept:
            let signature = sendsSecret ? " (sent with key \(secret))" : ""
            counterpart.inbox.withLock { $0.append("\(event.probe): \(event.summary)\(signature)") }
            return .delivered
        case .transientFailure:
            return .retry(after: nil, reason: "503")
        case .permanentFailure:
            return retriesPermanentFailures ? .retry(after: nil, reason: "404") : .failed(reason: "404")
        }
    }
}

private func harness(
    leaks: Bool = false, sends: Bool = false, retriesPermanent: Bool = false
) -> NotifierConformance.Harness {
    let counterpart = FakeCounterpart()
    let secret = "SEEDED-SECRET-123"
    return NotifierConformance.Harness(
        secrets: [secret],
        makeNotifier: { logger in
            ProbeNotifier(
                counterpart: counterpart, logger: logger, secret: secret, leaksSecret: leaks, sendsSecret: sends,
                retriesPermanentFailures: retriesPermanent)
        },
        setMode: { mode in counterpart.mode.withLock { $0 = mode } },
        received: { counterpart.inbox.withLock { $0 } })
}

@Test func aWellBehavedNotifierConforms() async throws {
    #expect(try await NotifierConformance.run(harness()).isEmpty)
}

@Test func aNotifierThatLogsASecretIsCaught() async throws {
    let problems = try await NotifierConformance.run(harness(leaks: true))
    #expect(problems == ["a log line contains a seeded secret (SEED…)"])
}

@Test func aNotifierThatPutsASecretInTheDeliveredMessageIsCaught() async throws {
    let problems = try await NotifierConformance.run(harness(sends: true))
    #expect(problems == ["a delivered message contains a seeded secret (SEED…)"])
}

@Test func aNotifierThatRetriesPermanentFailuresIsCaught() async throws {
    let problems = try await NotifierConformance.run(harness(retriesPermanent: true))
    #expect(problems.count == 1 && problems[0].contains("permanentFailure"))
}

@Test func theRecordingNotifierAnswersAsTold() async {
    let notifier = RecordingNotifier()
    notifier.answer([.retry(after: .seconds(3), reason: "busy")], thenAlways: .delivered)
    let event = NotifierConformance.sampleEvents()[0]
    #expect(await notifier.deliver(event) == .retry(after: .seconds(3), reason: "busy"))
    #expect(await notifier.deliver(event) == .delivered)
    #expect(notifier.events.count == 2)
}
