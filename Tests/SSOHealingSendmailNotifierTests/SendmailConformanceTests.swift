import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingSendmailNotifier
import SSOHealingTestKit
import Testing

@Test func sendmailConformsAgainstMsmtpAndARealSMTPServer() async throws {
    try requireProgram("msmtp", package: "msmtp")
    try await requireAiosmtpd()
    let sink = try SMTPSink()
    try await sink.start()
    let secret = "smtp-secret-7d2e9a41-c3b8-4f06-9e15-a8b7c6d5e4f3"
    let toml = try await dropIn(for: sink, extra: "environment = { MSMTP_PASSWORD = \"\(secret)\" }")
    let harness = NotifierConformance.Harness(
        secrets: [secret],
        makeNotifier: { logger in
            try DropIn.notifier(
                toml, type: SendmailNotifier.type, factory: SendmailNotifier.factory, logger: logger,
                environment: testEnvironment)
        },
        setMode: { mode in
            switch mode {
            case .accept:
                try await sink.setMode(.accept)
                try await sink.start()
            case .transientFailure:
                await sink.stop()
            case .permanentFailure:
                try await sink.start()
                try await sink.setMode(.reject)
            }
        },
        received: { try await sink.messages().map { "\($0.subject)\n\($0.body)" } })
    let problems = try await NotifierConformance.run(harness)
    await sink.remove()
    #expect(problems.isEmpty, "\(problems)")
}
