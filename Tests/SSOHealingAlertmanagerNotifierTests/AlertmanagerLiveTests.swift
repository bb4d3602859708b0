import Foundation
import InMemoryLogging
import Logging
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Synchronization
import Testing

@testable import SSOHealingAlertmanagerNotifier

/// An alertmanager channel built from a drop-in, as the daemon builds it.
func alertmanagerChannel(
    urls: [String], extra: String = "", logger: Logger = Logger(label: "test")
) throws
    -> any Notifier
{
    var environment: [String: String] = [:]
    for (index, url) in urls.enumerated() { environment["AM_\(index)"] = url }
    let list = urls.indices.map { "\"${AM_\($0)}\"" }.joined(separator: ", ")
    return try DropIn.notifier(
        "type = \"alertmanager\"\nurl = [\(list)]\ntimeout = \"3s\"\n\(extra)", type: AlertmanagerNotifier.type,
        factory: AlertmanagerNotifier.factory, logger: logger, environment: environment)
}

/// The alert whose `alertname` is `name`, if listed.
func alert(named name: String, in alerts: [JSONValue]) -> JSONValue? {
    alerts.first { $0["labels"]?["alertname"]?.stringValue == name }
}

/// Against the real Alertmanager (Debian package prometheus-alertmanager), started on loopback.
@Suite(.serialized) struct AlertmanagerLiveTests {
    @Test func anExpiryIsActiveWithItsLabelsAndARecoveryResolvesIt() async throws {
        let alertmanager = try await AlertmanagerInstance.start()
        defer { alertmanager.stop() }
        let channel = try alertmanagerChannel(urls: [alertmanager.baseURL], extra: "labels = { team = \"platform\" }")
        let started = Date().addingTimeInterval(-120)

        #expect(await channel.deliver(event(.expired, at: started)) == .delivered)
        let alerts = try await alertmanager.waitForAlerts("the expiry to be active") {
            alert(named: "SSOSessionExpired", in: $0)?["status"]?["state"]?.stringValue == "active"
        }
        let expired = try #require(alert(named: "SSOSessionExpired", in: alerts))
        #expect(
            expired["labels"]?.stringDictionary == [
                "alertname": "SSOSessionExpired", "probe": "prod", "kind": "aws-sso", "host": "build-mac-3",
                "severity": "critical", "team": "platform",
            ])
        #expect(expired["annotations"]?["summary"]?.stringValue == "SSO session for profile prod is expired")
        #expect(expired["annotations"]?["remedy"]?.stringValue == "aws sso login --profile prod")
        #expect(expired["annotations"]?["description"]?.stringValue?.isEmpty == false)
        let endsAt = try #require(expired["endsAt"]?.stringValue.flatMap(Timestamp.parse))
        #expect(endsAt > Date().addingTimeInterval(600))  // well beyond a 10-minute probe interval

        // A re-send ten minutes later updates the same alert: same start, later end.
        let resent = Date()
        #expect(
            await channel.deliver(event(.expired, reminder: 3, at: resent, since: started)) == .delivered)
        let after = try await alertmanager.alerts()
        #expect(after.count == 1)
        #expect(
            alert(named: "SSOSessionExpired", in: after)?["startsAt"]?.stringValue?.hasPrefix(
                String(Timestamp.string(started).prefix(19))) == true)

        #expect(await channel.deliver(event(.ok, previous: .expired, at: Date())) == .delivered)
        try await alertmanager.waitForAlerts("the alert to be resolved") { $0.isEmpty }
    }

    @Test func everyReplicaReceivesTheAlertAndOneDownReplicaDoesNotHoldTheDeliveryBack() async throws {
        let first = try await AlertmanagerInstance.start()
        defer { first.stop() }
        let second = try await AlertmanagerInstance.start()
        let recorder = InMemoryLogHandler()
        let channel = try alertmanagerChannel(
            urls: [first.baseURL, second.baseURL], logger: Logger(label: "test") { _ in recorder })

        #expect(await channel.deliver(event(.degraded, at: Date())) == .delivered)
        for instance in [first, second] {
            try await instance.waitForAlerts("the degraded alert on port \(instance.port)") {
                alert(named: "SSOSessionDegraded", in: $0)?["labels"]?["severity"]?.stringValue == "warning"
            }
        }

        let secondURL = second.baseURL
        second.stop()
        #expect(await channel.deliver(event(.expired, previous: .degraded, at: Date())) == .delivered)
        let alerts = try await first.waitForAlerts("expired active, degraded resolved") {
            $0.count == 1 && alert(named: "SSOSessionExpired", in: $0) != nil
        }
        #expect(alerts.count == 1)
        let warnings = recorder.entries.map(\.message.description)
        #expect(warnings.contains { $0.contains("alertmanager 2 of 2 did not take the alert") })
        #expect(!warnings.contains { $0.contains(secondURL) })

        first.stop()
        let result = await channel.deliver(event(.expired, reminder: 1, at: Date()))
        guard case .retry(_, let reason) = result else {
            Issue.record("all replicas down gave \(result.description), expected a retry")
            return
        }
        #expect(reason.contains("alertmanager 1 of 2: could not connect"))
        #expect(!reason.contains("127.0.0.1"))
    }

    @Test func alertmanagerConformsAgainstARealAlertmanager() async throws {
        let prefix = "am-5c4b3a29-1807-4f6e-9d5c-4b3a29180f6e"
        let token = "tok-8f7e6d5c-4b3a-4291-8e7d-6c5b4a392817"
        let tap = try AlertmanagerTap(token: token, prefix: prefix)
        defer { tap.stop() }
        let url = tap.server.url("/\(prefix)")
        let harness = NotifierConformance.Harness(
            secrets: [url, prefix, token],
            makeNotifier: { logger in
                try DropIn.notifier(
                    """
                    type = "alertmanager"
                    url = "${AM_URL}"
                    headers = { Authorization = "Bearer ${AM_TOKEN}" }
                    """, type: AlertmanagerNotifier.type, factory: AlertmanagerNotifier.factory, logger: logger,
                    environment: ["AM_URL": url, "AM_TOKEN": token])
            },
            setMode: { mode in try await tap.set(mode) },
            received: { tap.accepted })
        let problems = try await NotifierConformance.run(harness)
        #expect(problems.isEmpty, "\(problems)")
    }
}

/// A loopback proxy in front of a real Alertmanager, so the conformance check can see each
/// accepted request (Alertmanager itself merges re-sends into one alert). It checks the bearer
/// token, strips the secret path prefix and passes Alertmanager's answers through. Failure modes
/// are real ones: transient stops the Alertmanager (the proxy then drops the connection);
/// permanent corrupts the alerts on the way, so Alertmanager itself rejects them with 400.
final class AlertmanagerTap: Sendable {
    let server: LoopbackHTTPServer
    private let state = Box()

    private final class Box: Sendable {
        struct Value {
            var upstream: AlertmanagerInstance?
            var mode = NotifierConformance.Mode.accept
            var accepted: [String] = []
        }
        let value = Mutex(Value())
        func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
    }

    init(token: String, prefix: String) throws {
        server = try LoopbackHTTPServer()
        let state = self.state
        server.handler = { request in
            guard request.header("Authorization") == "Bearer \(token)" else {
                return .text("missing credentials", status: 401)
            }
            let (upstream, mode) = state.withLock { ($0.upstream, $0.mode) }
            guard let upstream, request.path.hasPrefix("/\(prefix)/") else { return .dropConnection }
            let path = String(request.path.dropFirst(prefix.count + 1))
            let body = mode == .permanentFailure ? Array(#"[{"labels": {}}]"#.utf8) : request.body
            guard let response = Self.forward(method: request.method, url: upstream.baseURL + path, body: body) else {
                return .dropConnection
            }
            if response.status == 200, let alerts = JSONValue.parse(request.bodyText)?.arrayValue {
                let text = alerts.map { alert in
                    [alert["labels"]?["probe"], alert["annotations"]?["summary"], alert["annotations"]?["remedy"]]
                        .compactMap { $0?.stringValue }.joined(separator: "\n")
                }
                state.withLock { $0.accepted.append(text.joined(separator: "\n")) }
            }
            return .response(status: response.status, headers: [:], body: response.body)
        }
    }

    var accepted: [String] { state.withLock { $0.accepted } }

    func set(_ mode: NotifierConformance.Mode) async throws {
        let current = state.withLock { $0.upstream }
        switch mode {
        case .transientFailure:
            current?.stop()
            state.withLock {
                $0.upstream = nil
                $0.mode = mode
            }
        case .accept, .permanentFailure:
            var upstream = current
            if upstream == nil { upstream = try await AlertmanagerInstance.start() }
            state.withLock {
                $0.upstream = upstream
                $0.mode = mode
            }
        }
    }

    func stop() {
        server.stop()
        state.withLock { $0.upstream }?.stop()
    }

    /// Sends the request on and waits for the answer (the server's threads are not the concurrency pool's).
    private static func forward(method: String, url: String, body: [UInt8]) -> HTTPResponse? {
        let answer = Mutex<HTTPResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let response = try? await HTTPClient().send(
                HTTPRequest(
                    method: method, url: url, headers: ["Content-Type": "application/json"], body: body,
                    timeout: .seconds(5)))
            answer.withLock { $0 = response }
            done.signal()
        }
        done.wait()
        return answer.withLock { $0 }
    }
}
