import SSOHealingCore
import SSOHealingHTTP
import Synchronization

/// A Slack incoming webhook on 127.0.0.1 that answers as the real one does.
///
/// It checks each request as Slack would: `POST` to the webhook's secret path (another secret
/// under the same workspace and app gets 403 `invalid_token`, any other path 404 `no_service`), a
/// JSON body (`Content-Type: application/json`, or the form-encoded `payload=` Slack also takes;
/// else 400 `invalid_payload`), some content (`text`, `blocks` or `attachments`, else 400
/// `no_text`), and well-formed blocks within Block Kit's limits (else 400 `invalid_blocks`). Tests
/// switch it to failing (429 with `Retry-After`, 5xx `rollup_error`, a refusal such as 404
/// `channel_not_found`, a dropped connection) and read the messages it accepted, decoded as people
/// would see them.
///
/// It knows the block types `header`, `section`, `context` and `divider` (with text elements);
/// others are refused as `invalid_blocks`, so that nobody takes them for verified.
public final class FakeSlackWebhook: Sendable, FaultInjecting {
    /// A message the fake accepted.
    public struct Message: Sendable {
        /// The whole JSON payload.
        public var payload: JSONValue
        /// The top-level `text` (the notification fallback), decoded.
        public var text: String?
        /// What people see: the blocks' text (the `text` when there are none), decoded, one line
        /// per text object.
        public var visibleText: String
        /// The attachments' colours.
        public var colors: [String]
        /// Mentions and broadcasts the message would trigger (`@channel`, `@here`, `@U123`, …).
        public var mentions: [String]
        /// The `username` parameter.
        public var username: String?
        /// The `icon_emoji` parameter.
        public var iconEmoji: String?
        /// The request.
        public var request: RecordedRequest
    }

    /// A way to fail the next requests.
    public enum Failure: Sendable, Equatable {
        /// 429 with `Retry-After: N`.
        case rateLimited(retryAfter: Int)
        /// A 5xx status with `body` (`rollup_error`, as Slack sends).
        case serverError(status: Int, body: String = "rollup_error")
        /// A refusal: 400 `invalid_payload`, 403 `action_prohibited`, 404 `channel_not_found`,
        /// 410 `channel_is_archived`, …
        case refuse(status: Int, body: String)
        /// The connection is closed without an answer.
        case dropConnection

        /// 404 `channel_not_found`.
        public static let channelNotFound = Failure.refuse(status: 404, body: "channel_not_found")
        /// 410 `channel_is_archived`.
        public static let channelArchived = Failure.refuse(status: 410, body: "channel_is_archived")
    }

    /// An answer other than `200 ok`, as sent.
    public struct Rejection: Sendable {
        /// The status.
        public var status: Int
        /// The body.
        public var body: String
        /// The request.
        public var request: RecordedRequest
    }

    private struct State {
        var messages: [Message] = []
        var rejections: [Rejection] = []
        var faults = FaultSchedule<Failure>()
    }

    /// The webhook's path, `/services/T…/B…/SECRET`.
    public let path: String
    /// The server.
    public let server: LoopbackHTTPServer
    private let state: Mutex<State>

    /// Starts a fake webhook at `path` (by default a fresh random one).
    public init(path: String = FakeSlackWebhook.makePath()) throws {
        self.path = path
        state = Mutex(State())
        let box = SlackHandlerBox()
        server = try LoopbackHTTPServer { request in box.handle(request) }
        box.fake.withLock { $0 = FakeReference(self) }
    }

    /// A path of the shape Slack hands out: `/services/T…/B…/` and a 24-character secret, drawn
    /// from the test kit's seeded generator.
    public static func makePath() -> String {
        let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let mixed = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return SeededRandom.withKit { random in
            func draw(_ alphabet: [Character], _ count: Int) -> String {
                String((0..<count).map { _ in random.pick(alphabet) })
            }
            return "/services/T\(draw(upper, 8))/B\(draw(upper, 10))/\(draw(mixed, 24))"
        }
    }

    /// The webhook URL to configure: `http://127.0.0.1:PORT/services/…`.
    public var url: String { server.url(path) }

    /// The secret last segment of the path.
    public var secret: String { String(path.split(separator: "/").last ?? "") }

    /// The messages accepted so far, in order.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// The answers other than `200 ok` so far, in order (failures set by the test included).
    public var rejections: [Rejection] { state.withLock { $0.rejections } }

    /// Every request received.
    public var requests: [RecordedRequest] { server.requests }

    /// Runs `body` on the schedule of failures this fake answers with (see ``FaultInjecting``).
    public func withFaults(_ body: (inout FaultSchedule<Failure>) -> Void) {
        state.withLock { body(&$0.faults) }
    }

    /// Stops the server.
    public func stop() { server.stop() }

    // MARK: - Answering

    fileprivate func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        let sentPath = request.pathWithoutQuery
        if sentPath != path {
            let sent = sentPath.split(separator: "/")
            let known = path.split(separator: "/")
            if sent.count == known.count, sent.dropLast() == known.dropLast() {
                return refuse(403, "invalid_token", request)
            }
            return refuse(404, "no_service", request)
        }
        guard request.method == "POST" else { return refuse(405, "invalid_method", request) }
        let injected = state.withLock { state -> Failure? in
            state.faults.next()
        }
        if let injected {
            switch injected {
            case .rateLimited(let seconds):
                return refuse(429, "rate_limited", request, headers: ["Retry-After": "\(seconds)"])
            case .serverError(let status, let body): return refuse(status, body, request)
            case .refuse(let status, let body): return refuse(status, body, request)
            case .dropConnection:
                record(Rejection(status: 0, body: "connection dropped", request: request))
                return .dropConnection
            }
        }
        switch validate(request) {
        case .success(let message):
            state.withLock { $0.messages.append(message) }
            return .text("ok")
        case .failure(let refusal):
            return refuse(refusal.status, refusal.code, request)
        }
    }

    private struct Refusal: Error {
        var status: Int
        var code: String
        init(_ code: String, status: Int = 400) {
            self.status = status
            self.code = code
        }
    }

    private func validate(_ request: RecordedRequest) -> Result<Message, Refusal> {
        let contentType =
            request.header("Content-Type")?.lowercased().split(separator: ";").first
            .map { $0.trimmingWhitespace() } ?? ""
        let text: String
        switch contentType {
        case "application/json": text = request.bodyText
        case "application/x-www-form-urlencoded":
            guard let payload = request.formItems.first(where: { $0.name == "payload" }) else {
                return .failure(Refusal("invalid_payload"))
            }
            text = payload.value
        default: return .failure(Refusal("invalid_payload"))
        }
        guard let payload = JSONValue.parse(text), case .object = payload else {
            return .failure(Refusal("invalid_payload"))
        }
        var topText: String?
        if let value = payload["text"], value != .null {
            guard let string = value.stringValue else { return .failure(Refusal("invalid_payload")) }
            topText = string.isEmpty ? nil : string
        }
        for key in ["username", "icon_emoji", "icon_url", "channel"] {
            if let value = payload[key], value != .null, value.stringValue == nil {
                return .failure(Refusal("invalid_payload"))
            }
        }
        var visible: [String] = []
        var blocksPresent = false
        if let value = payload["blocks"], value != .null {
            guard let blocks = value.arrayValue else { return .failure(Refusal("invalid_blocks_format")) }
            guard blocks.count <= 50, let texts = SlackBlocks.texts(of: blocks) else {
                return .failure(Refusal("invalid_blocks"))
            }
            blocksPresent = !blocks.isEmpty
            visible += texts
        }
        var colors: [String] = []
        var attachmentsPresent = false
        if let value = payload["attachments"], value != .null {
            guard let attachments = value.arrayValue, attachments.count <= 100 else {
                return .failure(Refusal("invalid_attachments"))
            }
            for attachment in attachments {
                guard case .object = attachment else { return .failure(Refusal("invalid_attachments")) }
                if let color = attachment["color"], color != .null {
                    guard let name = color.stringValue, SlackBlocks.isColor(name) else {
                        return .failure(Refusal("invalid_attachments"))
                    }
                    colors.append(name)
                }
                var shown: [String] = []
                if let blocks = attachment["blocks"], blocks != .null {
                    guard let array = blocks.arrayValue, array.count <= 50, let texts = SlackBlocks.texts(of: array)
                    else { return .failure(Refusal("invalid_blocks")) }
                    shown += texts
                }
                for key in ["pretext", "title", "text"] {
                    if let string = attachment[key]?.stringValue, !string.isEmpty { shown.append(string) }
                }
                if shown.isEmpty, let fallback = attachment["fallback"]?.stringValue, !fallback.isEmpty {
                    shown.append(fallback)
                }
                attachmentsPresent = attachmentsPresent || !shown.isEmpty
                visible += shown
            }
        }
        guard topText != nil || blocksPresent || attachmentsPresent else { return .failure(Refusal("no_text")) }
        if !blocksPresent, let topText { visible.insert(topText, at: 0) }
        // The top-level text is shown only without blocks, but it always feeds notifications.
        var mentions = visible.flatMap(SlackBlocks.mentions(in:))
        if blocksPresent, let topText { mentions += SlackBlocks.mentions(in: topText) }
        return .success(
            Message(
                payload: payload, text: topText.map(SlackBlocks.decode),
                visibleText: visible.map(SlackBlocks.decode).joined(separator: "\n"),
                colors: colors, mentions: mentions, username: payload["username"]?.stringValue,
                iconEmoji: payload["icon_emoji"]?.stringValue, request: request))
    }

    private func refuse(
        _ status: Int, _ body: String, _ request: RecordedRequest, headers: HTTPHeaders = [:]
    ) -> LoopbackHTTPServer.Reply {
        record(Rejection(status: status, body: body, request: request))
        return .text(body, status: status, headers: headers)
    }

    private func record(_ rejection: Rejection) {
        state.withLock { $0.rejections.append(rejection) }
    }
}

/// Lets the server's handler reach the fake without keeping it alive.
private final class SlackHandlerBox: Sendable {
    let fake = Mutex(FakeReference<FakeSlackWebhook>(nil))

    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let fake = fake.withLock({ $0.value }) else { return .status(503) }
        return fake.handle(request)
    }
}
