import Logging
import SSOHealingCore

/// A dead man's switch: after every cycle, a request to a healthchecks.io-compatible URL, so that
/// a monitor raises the alarm when the pings stop (the machine is off, the daemon hangs, the
/// timer no longer fires).
///
/// It speaks healthchecks.io's pinging API: the URL itself means "every target is ok",
/// `URL/<exit status>` (`/1` degraded, `/2` expired, `/3` unknown or a cycle that could not run:
/// `check`'s exit status) means "a target is not ok", and `URL/start` means "a cycle is
/// starting". A ping with a body is a `POST` whose body the monitor keeps (healthchecks.io keeps
/// the first 10,000 bytes; ``maxBodyBytes`` cuts it there). A ping that fails is logged, without
/// the URL (a secret: its path holds the check's key), and never affects the cycle, the state or
/// an exit status.
///
/// ```swift
/// let heartbeat = Heartbeat(url: "https://hc-ping.com/your-uuid", logger: logger)
/// await heartbeat.report(outcomes)   // GET …/your-uuid, or …/your-uuid/2
/// ```
public struct Heartbeat: Sendable {
    /// What a ping says.
    public enum Signal: Sendable, Hashable, CustomStringConvertible {
        /// Every target is ok: the URL itself.
        case success
        /// A target is not ok, or the cycle could not run: `URL/<status>` with `check`'s
        /// non-zero exit status (1 degraded, 2 expired, 3 unknown or error).
        case failure(exitStatus: Int)
        /// A cycle is starting: `URL/start`.
        case start

        /// The path segment appended to the URL, if any.
        public var pathSegment: String? {
            switch self {
            case .success: nil
            case .failure(let status): String(min(max(status, 1), 255))
            case .start: "start"
            }
        }

        /// `success`, `start`, or the exit status.
        public var description: String { pathSegment ?? "success" }
    }

    /// The most of a ping's body that is sent: healthchecks.io keeps the first 10,000 bytes.
    public static let maxBodyBytes = 10_000

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

    /// The URL to request for `signal`: `base`, or `base` with `/<status>` or `/start` appended
    /// to its path, before any query or fragment.
    public static func url(_ base: String, for signal: Signal) -> String {
        guard let segment = signal.pathSegment else { return base }
        let pathEnd = base.firstIndex { $0 == "?" || $0 == "#" } ?? base.endIndex
        var path = String(base[..<pathEnd])
        while path.hasSuffix("/") { path.removeLast() }
        return path + "/" + segment + base[pathEnd...]
    }

    /// What a cycle with `outcomes` reports: success when every target is ok, else the exit
    /// status `check` gives for them (2 if any expired, else 1 if any degraded, else 3).
    ///
    /// A target still below its thresholds on its first results counts with this run's result,
    /// as `check`'s exit status does.
    public static func signal(for outcomes: [ProbeOutcome]) -> Signal {
        let states = outcomes.map { outcome in
            outcome.state == .unknown ? HealthTracker.effectiveState(of: outcome.result.state) : outcome.state
        }
        if states.allSatisfy({ $0 == .ok }) { return .success }
        if states.contains(.expired) { return .failure(exitStatus: 2) }
        if states.contains(.degraded) { return .failure(exitStatus: 1) }
        return .failure(exitStatus: 3)
    }

    /// `text` as a ping's body: at most ``maxBodyBytes`` bytes of UTF-8, cut at a character boundary.
    public static func body(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.count > maxBodyBytes else { return bytes }
        var end = maxBodyBytes
        // Never cut inside a multi-byte character: back up to the start of one.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }

    /// Pings with what a cycle with `outcomes` came to; see ``signal(for:)``.
    @discardableResult
    public func report(_ outcomes: [ProbeOutcome], body: String? = nil) async -> Bool {
        await ping(Self.signal(for: outcomes), body: body)
    }

    /// Sends one ping (a `GET`, or a `POST` of `body` cut to ``maxBodyBytes``); returns whether
    /// the server accepted it (any 2xx). Never throws: a failure is logged as a warning that names
    /// neither the URL nor its host.
    @discardableResult
    public func ping(_ signal: Signal, body: String? = nil) async -> Bool {
        var request = HTTPRequest(
            method: "GET", url: Self.url(url, for: signal), timeout: timeout, connectTimeout: min(timeout, .seconds(5)),
            maxResponseBytes: 64 * 1024)
        if let body {
            request.method = "POST"
            request.headers = ["Content-Type": "text/plain; charset=utf-8"]
            request.body = Self.body(body)
        }
        let problem: String
        do {
            let response = try await client.send(request)
            if response.isSuccess {
                logger.debug("heartbeat sent", metadata: ["signal": "\(signal)"])
                return true
            }
            problem = "the server answered HTTP \(response.status)"
        } catch {
            problem = Self.phrase(for: error)
        }
        logger.warning(
            "heartbeat ping failed: \(problem); the next cycle pings again", metadata: ["signal": "\(signal)"])
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
