import Foundation
import Logging
import SSOHealingAppriseNotifier
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Synchronization

/// Fails unless the real `apprise` is on `PATH`, saying how to install it.
func requireApprise() throws {
    do {
        _ = try ProcessRunner.executablePath(for: "apprise", environment: testEnvironment)
    } catch {
        throw MissingRequirement(
            description: "apprise is not installed: pip install apprise (scripts/test installs it)")
    }
}

/// What apprise's `json://` scheme posts, decoded here rather than by the code under test.
struct AppriseJSONPayload: Decodable, Equatable {
    var version: String
    var title: String
    var message: String
    var type: String
}

/// A loopback receiver for apprise's `json://` and `form://` schemes that answers as told and
/// keeps what it accepted.
final class AppriseReceiver: Sendable {
    /// What the server's threads share with the test.
    private final class State: Sendable {
        let status = Mutex(200)
        let accepted = Mutex<[RecordedRequest]>([])
    }

    let server: LoopbackHTTPServer
    private let state = State()

    init() throws {
        let state = self.state
        server = try LoopbackHTTPServer { request in
            let answer = state.status.withLock { $0 }
            if answer < 300 { state.accepted.withLock { $0.append(request) } }
            return .status(answer)
        }
    }

    /// The status later requests get.
    func answer(_ status: Int) { state.status.withLock { $0 = status } }

    /// The requests answered with success, in order.
    var requests: [RecordedRequest] { state.accepted.withLock { $0 } }

    /// The JSON payloads accepted, in order.
    func jsonPayloads() throws -> [AppriseJSONPayload] {
        try requests.map { try $0.decodeJSON(AppriseJSONPayload.self) }
    }

    /// An Apprise URL for this server: `scheme://USER:PASSWORD@127.0.0.1:PORT/PATH`.
    func url(scheme: String = "json", user: String = "ops", password: String, path: String) -> String {
        "\(scheme)://\(user):\(password)@127.0.0.1:\(server.port)/\(path)"
    }
}

/// Builds an apprise channel from drop-in text through the real loader and factory.
func appriseChannel(_ toml: String, logger: Logger = Logger(label: "test.apprise")) throws -> any Notifier {
    try DropIn.notifier(
        toml, type: AppriseNotifier.type, factory: AppriseNotifier.factory, logger: logger,
        environment: testEnvironment)
}

/// The drop-in text for `urls`, with a timeout long enough for Python to start on a busy machine.
func appriseDropIn(_ urls: [String], extra: String = "") -> String {
    """
    type = "apprise"
    urls = [\(urls.map { "\"\($0)\"" }.joined(separator: ", "))]
    timeout = "180s"
    \(extra)
    """
}

/// An event of `state` whose summary starts with `marker`.
func appriseEvent(
    _ state: HealthState, _ marker: String, reminder: Int = 0, test: Bool = false, details: [String: String] = [:]
) -> AlertEvent {
    AlertEvent(
        fingerprint: "aws-sso:prod", episode: 4, probe: "prod", kind: "aws-sso",
        previous: state == .ok ? .expired : .ok, state: state, reminder: reminder,
        summary: "\(marker): SSO session for profile prod \(state.rawValue)",
        remedy: state == .ok ? nil : "aws sso login --profile prod", details: details,
        at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3", test: test)
}
