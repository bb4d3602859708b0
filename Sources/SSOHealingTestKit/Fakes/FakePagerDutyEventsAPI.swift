import SSOHealingCore
import SSOHealingHTTP
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// PagerDuty's Events API v2 (`POST /v2/enqueue`) on 127.0.0.1, answering as the real one does.
///
/// It checks each event as PagerDuty documents it: a JSON body (else 400 `Unrecognized object`),
/// a `routing_key` of 32 characters that names one of its integrations, an `event_action` of
/// `trigger`, `acknowledge` or `resolve`, a `dedup_key` of at most 255 characters (required to
/// acknowledge or resolve), and for a trigger a `payload` with a `summary` of 1 to 1024
/// characters, a `source`, a `severity` of `critical`, `error`, `warning` or `info`, an ISO 8601
/// `timestamp` if any, `custom_details` as an object, and `links` with an `href` each; anything
/// else is 400 `invalid event` with PagerDuty's `message` and `errors`. An accepted event gets
/// `202 {"status": "success", "message": "Event processed", "dedup_key": …}` and updates the
/// alerts as PagerDuty does: a trigger opens an alert for its `dedup_key` or folds into the open
/// one, a resolve closes it, and a trigger after the resolve opens a new one.
///
/// Tests switch it to failing (429, 5xx, any refusal, a dropped connection) and read the events
/// and alerts it holds.
public final class FakePagerDutyEventsAPI: Sendable, FaultInjecting {
    /// An event the fake accepted.
    public struct Event: Sendable {
        /// `trigger`, `acknowledge` or `resolve`.
        public var action: String
        /// The `dedup_key` (generated for a trigger without one).
        public var dedupKey: String
        /// The whole JSON body.
        public var body: JSONValue
        /// What PagerDuty shows of it: the summary, source, severity, custom details (one line each)
        /// and the links.
        public var visibleText: String
        /// The request.
        public var request: RecordedRequest

        /// `payload.severity`, if any.
        public var severity: String? { body["payload"]?["severity"]?.stringValue }
        /// `payload.summary`, if any.
        public var summary: String? { body["payload"]?["summary"]?.stringValue }
    }

    /// An alert as PagerDuty keeps it: every event folded into it, and whether it is resolved.
    public struct Alert: Sendable {
        /// Its `dedup_key`.
        public var dedupKey: String
        /// The events folded into it, the trigger that opened it first.
        public var events: [Event]
        /// Whether a resolve closed it.
        public var resolved: Bool
    }

    /// A way to fail the next requests.
    public enum Failure: Sendable, Equatable {
        /// 429, with `Retry-After: N` when given.
        case rateLimited(retryAfter: Int?)
        /// A 5xx status.
        case serverError(status: Int)
        /// Any answer: a status and a body, sent as JSON.
        case refuse(status: Int, body: String)
        /// The connection is closed without an answer.
        case dropConnection
    }

    /// An answer other than 202, as sent.
    public struct Rejection: Sendable {
        /// The status (0 for a dropped connection).
        public var status: Int
        /// The body.
        public var body: String
        /// The request.
        public var request: RecordedRequest
    }

    private struct State {
        var events: [Event] = []
        var alerts: [Alert] = []
        var rejections: [Rejection] = []
        var faults = FaultSchedule<Failure>()
        var generated = 0
    }

    /// The routing keys of the integrations it knows.
    public let routingKeys: [String]
    /// The server.
    public let server: LoopbackHTTPServer
    private let state: Mutex<State>

    /// Starts a fake Events API that knows `routingKeys` (by default one fresh key).
    public init(routingKeys: [String] = [FakePagerDutyEventsAPI.makeRoutingKey()]) throws {
        self.routingKeys = routingKeys
        state = Mutex(State())
        let box = PagerDutyHandlerBox()
        server = try LoopbackHTTPServer { request in box.handle(request) }
        box.fake.withLock { $0 = FakeReference(self) }
    }

    /// A routing key of the shape PagerDuty hands out: 32 lower-case hex digits.
    public static func makeRoutingKey() -> String {
        String((0..<32).map { _ in Array("0123456789abcdef").randomElement()! })
    }

    /// The first routing key.
    public var routingKey: String { routingKeys[0] }

    /// The base URL to configure as `api_url`: `http://127.0.0.1:PORT`.
    public var apiURL: String { server.baseURL }

    /// The events accepted so far, in order.
    public var events: [Event] { state.withLock { $0.events } }

    /// The alerts, in the order they were opened.
    public var alerts: [Alert] { state.withLock { $0.alerts } }

    /// The answers other than 202 so far, in order (failures set by the test included).
    public var rejections: [Rejection] { state.withLock { $0.rejections } }

    /// Every request received.
    public var requests: [RecordedRequest] { server.requests }

    /// Runs `body` on the schedule of failures this fake answers with (see ``FaultInjecting``).
    public func withFaults(_ body: (inout FaultSchedule<Failure>) -> Void) {
        state.withLock { body(&$0.faults) }
    }

    /// Stops the server.
    public func stop() { server.stop() }

    /// PagerDuty's answer to an invalid event, with `errors`.
    public static func invalidEvent(_ errors: [String]) -> String {
        JSONValue.object([
            ("status", .string("invalid event")), ("message", .string("Event object is invalid")),
            ("errors", .array(errors.map(JSONValue.string))),
        ]).serialized()
    }

    // MARK: - Answering

    fileprivate func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard request.pathWithoutQuery == "/v2/enqueue" else {
            return reject(404, #"{"status":"Not Found","message":"Not Found"}"#, request)
        }
        guard request.method == "POST" else {
            return reject(405, #"{"status":"Method Not Allowed","message":"Method Not Allowed"}"#, request)
        }
        if let injected = state.withLock({ $0.faults.next() }) {
            switch injected {
            case .rateLimited(let seconds):
                return reject(
                    429, #"{"status":"throttle event","message":"Requests for this service are arriving too quickly"}"#,
                    request, headers: seconds.map { ["Retry-After": "\($0)"] } ?? [:])
            case .serverError(let status):
                return reject(status, #"{"status":"error","message":"Internal Server Error"}"#, request)
            case .refuse(let status, let body): return reject(status, body, request)
            case .dropConnection:
                state.withLock {
                    $0.rejections.append(Rejection(status: 0, body: "connection dropped", request: request))
                }
                return .dropConnection
            }
        }
        guard let body = JSONValue.parse(request.bodyText), case .object = body else {
            return reject(
                400,
                #"{"status":"Unrecognized object","message":"Event object format is unrecognized","errors":["JSON parse error"]}"#,
                request)
        }
        let errors = Self.problems(in: body, knownKeys: routingKeys)
        guard errors.isEmpty else { return reject(400, Self.invalidEvent(errors), request) }
        let action = body["event_action"]?.stringValue ?? ""
        let key = state.withLock { state -> String in
            if let key = body["dedup_key"]?.stringValue, !key.isEmpty { return key }
            state.generated += 1
            let digits = String(state.generated, radix: 16)
            return String(repeating: "0", count: max(32 - digits.count, 0)) + digits
        }
        let event = Event(
            action: action, dedupKey: key, body: body, visibleText: Self.visibleText(of: body), request: request)
        state.withLock { state in
            state.events.append(event)
            let open = state.alerts.lastIndex { $0.dedupKey == key && !$0.resolved }
            switch action {
            case "trigger":
                if let open {
                    state.alerts[open].events.append(event)
                } else {
                    state.alerts.append(Alert(dedupKey: key, events: [event], resolved: false))
                }
            case "resolve":
                if let open {
                    state.alerts[open].events.append(event)
                    state.alerts[open].resolved = true
                }
            default:
                if let open { state.alerts[open].events.append(event) }
            }
        }
        let answer = JSONValue.object([
            ("status", .string("success")), ("message", .string("Event processed")), ("dedup_key", .string(key)),
        ])
        return .json(answer.serialized(), status: 202)
    }

    /// PagerDuty's `errors` for `body`; empty when it takes the event.
    static func problems(in body: JSONValue, knownKeys: [String]) -> [String] {
        var errors: [String] = []
        if body.serialized().utf8.count > 512 * 1024 { errors.append("Event object is too large (max 512 KB)") }
        switch body["routing_key"] {
        case .string(let key) where key.count != 32:
            errors.append("Length of 'routing_key' is incorrect (should be 32 characters)")
        case .string(let key) where !knownKeys.contains(key):
            errors.append("Invalid routing key")
        case .string: break
        default: errors.append("'routing_key' is missing or blank")
        }
        let action = body["event_action"]?.stringValue
        if !["trigger", "acknowledge", "resolve"].contains(action ?? "") {
            errors.append("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)")
        }
        switch body["dedup_key"] {
        case nil, .null:
            if action == "acknowledge" || action == "resolve" { errors.append("'dedup_key' is missing or blank") }
        case .string(let key) where key.count > 255: errors.append("'dedup_key' is too long (max 255 characters)")
        case .string(let key) where key.isEmpty && action != "trigger": errors.append("'dedup_key' is missing or blank")
        case .string: break
        default: errors.append("'dedup_key' must be a string")
        }
        for key in ["client", "client_url"] {
            if let value = body[key], value.stringValue == nil { errors.append("'\(key)' must be a string") }
        }
        if let links = body["links"] {
            let valid =
                links.arrayValue?.allSatisfy { link in
                    link["href"]?.stringValue.map { !$0.isEmpty } == true
                        && (link["text"] == nil || link["text"]?.stringValue != nil)
                } ?? false
            if !valid {
                errors.append("'links' must be an array of objects with an 'href' string and an optional 'text' string")
            }
        }
        guard action == "trigger" else { return errors }
        guard let payload = body["payload"], isObject(payload) else {
            errors.append("'payload' is missing or not an object")
            return errors
        }
        switch payload["summary"] {
        case .string(let summary) where summary.isEmpty: errors.append("'payload.summary' is missing or blank")
        case .string(let summary) where summary.unicodeScalars.count > 1024:
            errors.append("'payload.summary' is too long (max 1024 characters)")
        case .string: break
        default: errors.append("'payload.summary' is missing or blank")
        }
        if payload["source"]?.stringValue.map({ !$0.isEmpty }) != true {
            errors.append("'payload.source' is missing or blank")
        }
        if !["critical", "error", "warning", "info"].contains(payload["severity"]?.stringValue ?? "") {
            errors.append("'payload.severity' is invalid (must be one of: critical, error, warning, info)")
        }
        if let timestamp = payload["timestamp"], timestamp.stringValue.flatMap(Timestamp.parse) == nil {
            errors.append("'payload.timestamp' is not a valid ISO 8601 date")
        }
        for key in ["component", "group", "class"] {
            if let value = payload[key], value.stringValue == nil { errors.append("'payload.\(key)' must be a string") }
        }
        if let details = payload["custom_details"], !isObject(details) {
            errors.append("'payload.custom_details' must be an object")
        }
        return errors
    }

    private static func isObject(_ value: JSONValue) -> Bool {
        if case .object = value { return true }
        return false
    }

    /// The summary, source and severity, each custom detail as `key: value`, each link as `text <href>`.
    static func visibleText(of body: JSONValue) -> String {
        var lines: [String] = []
        if let payload = body["payload"] {
            for key in ["summary", "source", "severity", "component"] {
                if let value = payload[key]?.stringValue { lines.append(value) }
            }
            if case .object(let details) = payload["custom_details"] {
                for (key, value) in details { lines.append("\(key): \(value.stringValue ?? value.serialized())") }
            }
        }
        for link in body["links"]?.arrayValue ?? [] {
            lines.append("\(link["text"]?.stringValue ?? "") <\(link["href"]?.stringValue ?? "")>")
        }
        return lines.joined(separator: "\n")
    }

    private func reject(
        _ status: Int, _ body: String, _ request: RecordedRequest, headers: HTTPHeaders = [:]
    ) -> LoopbackHTTPServer.Reply {
        state.withLock { $0.rejections.append(Rejection(status: status, body: body, request: request)) }
        return .json(body, status: status, headers: headers)
    }
}

/// Lets the server's handler reach the fake without keeping it alive.
private final class PagerDutyHandlerBox: Sendable {
    let fake = Mutex(FakeReference<FakePagerDutyEventsAPI>(nil))

    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let fake = fake.withLock({ $0.value }) else { return .status(503) }
        return fake.handle(request)
    }
}
