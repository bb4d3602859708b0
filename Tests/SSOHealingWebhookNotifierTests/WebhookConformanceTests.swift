import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import SSOHealingWebhookNotifier
import Synchronization
import Testing

@Test func webhookConformsAgainstARealHTTPServer() async throws {
    let pathSecret = "T0-9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
    let querySecret = "q-2b4d6f8a-1c3e-4a5b-9d7f-0e2c4a6b8d0f"
    let tokenSecret = "tok-6a5b4c3d-2e1f-4a0b-8c9d-7e6f5a4b3c2d"
    let server = try LoopbackHTTPServer()
    defer { server.stop() }
    let url = server.url("/services/\(pathSecret)?key=\(querySecret)")
    let expectedAuthorization = "Bearer \(tokenSecret)"
    let accepted = Inbox()
    let toml = """
        type = "webhook"
        url = "${HOOK_URL}"
        headers = { Authorization = "Bearer ${HOOK_TOKEN}" }
        body = '{"text": "{{summary}}", "probe": "{{probe}}", "remedy": "{{remedy}}"}'
        """
    let harness = NotifierConformance.Harness(
        secrets: [url, pathSecret, querySecret, tokenSecret],
        makeNotifier: { logger in
            try DropIn.notifier(
                toml, type: WebhookNotifier.type, factory: WebhookNotifier.factory, logger: logger,
                environment: ["HOOK_URL": url, "HOOK_TOKEN": tokenSecret])
        },
        setMode: { mode in
            server.handler = { request in
                guard request.header("Authorization") == expectedAuthorization else {
                    return .text("missing credentials", status: 401)
                }
                switch mode {
                case .accept:
                    guard let json = JSONValue.parse(request.bodyText) else { return .text("not JSON", status: 400) }
                    let text = [json["text"], json["probe"], json["remedy"]].compactMap { $0?.stringValue }
                    accepted.append(text.joined(separator: "\n"))
                    return .json(#"{"ok": true}"#)
                case .transientFailure: return .text("overloaded, token \(tokenSecret)", status: 503)
                case .permanentFailure: return .text("invalid token \(tokenSecret) for \(url)", status: 403)
                }
            }
        },
        received: { accepted.messages })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
}

/// The text of every message the fake accepted, in order.
final class Inbox: Sendable {
    private let items = Mutex<[String]>([])

    func append(_ message: String) { items.withLock { $0.append(message) } }

    var messages: [String] { items.withLock { $0 } }
}
