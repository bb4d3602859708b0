import Logging
import SSOHealingCore

/// A dead man's switch: after every cycle, a request to a healthchecks.io-compatible URL, so that
/// a monitor raises the alarm when the pings stop (the machine is off, the daemon hangs, the
/// timer no longer fires).
///
/// The URL itself means "every target is ok", `URL/fail` means "a target is not ok" and
/// `URL/start` means "a cycle is starting" (healthchecks.io, and the monitors that copy it). A
/// ping that fails is logged, without the URL (a secret: its path holds the check's key), and
/// never affects the cycle, the state or an exit status.
///
/// ```swift
/// let heartbeat = Heartbeat(url: "https://hc-ping.com/your-uuid", logger: logger)
/// await heartbeat.report(outcomes)   // GET …/your-uuid, or …/your-uuid/fail
/// ```
public struct Heartbeat: Sendable {
    /// What a ping says.
    public enum Signal: String, Sendable, Hashable {
        /// Every target is ok: the URL itself.
        case success
        /// A target is not ok: `URL/fail`.
        case failure = "fail"
        /// A cycle is starting: `URL/start`.
        case start
    }

    /// The base URL (a secret).
    public let url: String
    /// The time one ping may take, connection included.
    public let timeout: Duration
    private let client: any HTTPTransport
    private let logger: Logger

    /// Creates a heartbeat that pings `url`.
    public init(url: String, timeout: Duration = .seconds(10), client: any HTTPTransport = HTTPClient(), logger: Logger)
    {
        self.url = url
        self.timeout = timeout
        self.client = client
        self.logger = logger
    }

    /// The URL to request for `signal`: `base`, or `base` with `/fail` or `/start` appended to
    /// its path, before any query or fragment.
    public static func url(_ base: String, for signal: Signal) -> String {
        guard signal != .success else { return base }
        let pathEnd = base.firstIndex { $0 == "?" || $0 == "#" } ?? base.endIndex
        var path = String(base[..<pathEnd])
        while path.hasSuffix("/") { path.removeLast() }
        return path + "/" + signal.rawValue + base[pathEnd...]
    }

    /// What a cycle with `outcomes` reports: success when every target is ok.
    ///
    /// A target still below its thresholds on its first results counts with this run's result,
    /// as `check`'s exit status does.
    public static func signal(for outcomes: [ProbeOutcome]) -> Signal {
        let healthy = outcomes.allSatisfy { outcome in
            let state =
                outcome.state == .unknown ? HealthTracker.effectiveState(of: outcome.result.state) : outcome.state
            return state == .ok
        }
        return healthy ? .success : .failure
    }

    /// Pings with what a cycle with `outcomes` came to; see ``signal(for:)``.
    @discardableResult
    public func report(_ outcomes: [ProbeOutcome]) async -> Bool {
        await ping(Self.signal(for: outcomes))
    }

    /// Sends one ping; returns whether the server accepted it (any 2xx). Never throws: a failure
    /// is logged as a warning that names neither the URL nor its host.
    @discardableResult
    public func ping(_ signal: Signal) async -> Bool {
        let request = HTTPRequest(
            method: "GET", url: Self.url(url, for: signal), timeout: timeout, connectTimeout: min(timeout, .seconds(5)),
            maxResponseBytes: 64 * 1024)
        let problem: String
        do {
            let response = try await client.send(request)
            if response.isSuccess {
                logger.debug("heartbeat sent", metadata: ["signal": "\(signal.rawValue)"])
                return true
            }
            problem = "the server answered HTTP \(response.status)"
        } catch {
            problem = Self.phrase(for: error)
        }
        logger.warning(
            "heartbeat ping failed: \(problem); the next cycle pings again",
            metadata: ["signal": "\(signal.rawValue)"])
        return false
    }

    /// What went wrong, without the server's name (the URL is a secret, and so may its host be).
    static func phrase(for error: HTTPClientError) -> String {
        switch error.kind {
        case .timeout: "timed out"
        case .couldNotConnect: "could not connect to the server"
        case .connectionDropped: "the connection broke before a complete answer"
        case .nameResolution: "could not resolve the server's host name"
        case .tls: "the TLS handshake or certificate check failed"
        case .responseTooLarge: "the answer was too large"
        case .invalidRequest: "the URL could not be used (check heartbeat_url)"
        case .cancelled: "the request was cancelled"
        case .other(let code): "the request failed (curl error \(code))"
        }
    }
}
