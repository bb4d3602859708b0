import SSOHealingCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Telegram Bot API server on 127.0.0.1 that answers `sendMessage` as the real one does.
///
/// It checks each request as Telegram would: the path `/bot<token>/sendMessage` with the known
/// token (else 401 `Unauthorized`), a JSON body (`Content-Type: application/json`; any other body
/// carries no parameters), the parameters' types, known chat ids ("chat not found") and forum
/// topics ("message thread not found"), `parse_mode = "HTML"` parsed by ``TelegramHTMLParser``
/// ("can't parse entities: …"), and a text of 1 to 4096 characters after entity parsing. Tests
/// switch it to failing (429 with `retry_after`, 5xx, a refusal, a dropped connection) and read the
/// messages it accepted, decoded as people would see them.
///
/// It implements `parse_mode = "HTML"` only: Markdown modes are refused with "unsupported
/// parse_mode", so that nobody takes them for verified.
public final class FakeTelegramBotAPI: Sendable, FaultInjecting {
    /// A message the fake accepted.
    public struct Message: Sendable {
        /// The chat, as sent (`"123"`, `"@channel"`).
        public var chatID: String
        /// The text as people see it: markup parsed, entities decoded.
        public var text: String
        /// The `text` parameter as sent.
        public var sentText: String
        /// The `parse_mode` parameter, if any.
        public var parseMode: String?
        /// The formatted ranges.
        public var entities: [TelegramHTMLParser.Entity]
        /// The forum topic, if any.
        public var messageThreadID: Int64?
        /// Whether the message was sent silently.
        public var disableNotification: Bool
        /// Whether link previews were turned off (`link_preview_options.is_disabled` or the older
        /// `disable_web_page_preview`).
        public var linkPreviewDisabled: Bool
        /// The whole JSON body.
        public var parameters: JSONValue
        /// The request.
        public var request: RecordedRequest
    }

    /// A way to fail the next requests.
    public enum Failure: Sendable, Equatable {
        /// 429 `Too Many Requests: retry after N` with `parameters.retry_after = N`.
        case tooManyRequests(retryAfter: Int)
        /// A JSON error with a 5xx status, as the Bot API sends when Telegram has trouble.
        case serverError(status: Int)
        /// An HTML 502 page, as the proxy in front of the Bot API sends.
        case badGateway
        /// A JSON refusal with `status` and `description`.
        case refuse(status: Int, description: String)
        /// 400 "group chat was upgraded to a supergroup chat" with `parameters.migrate_to_chat_id`.
        case migrated(to: Int64)
        /// The connection is closed without an answer.
        case dropConnection

        /// 403 "Forbidden: bot was blocked by the user".
        public static let blocked = Failure.refuse(status: 403, description: "Forbidden: bot was blocked by the user")
        /// 400 "Bad Request: chat not found".
        public static let chatNotFound = Failure.refuse(status: 400, description: "Bad Request: chat not found")
    }

    /// An answer other than success, as sent.
    public struct Rejection: Sendable {
        /// The status.
        public var status: Int
        /// The description (or the body, for non-JSON answers).
        public var description: String
        /// The request.
        public var request: RecordedRequest
    }

    private struct State {
        var messages: [Message] = []
        var rejections: [Rejection] = []
        var faults = FaultSchedule<Failure>()
        var nextMessageID = 1
    }

    /// The bot's token, which the path must carry.
    public let token: String
    /// Chat ids and usernames that exist.
    public let chats: Set<String>
    /// Forum topics that exist, by chat.
    public let threads: [String: Set<Int64>]
    /// The server.
    public let server: LoopbackHTTPServer
    private let state: Mutex<State>

    /// Starts a fake knowing `token`, the `chats` (ids or `@usernames`) and their forum `threads`.
    public init(
        token: String = FakeTelegramBotAPI.makeToken(), chats: Set<String> = ["123456789"],
        threads: [String: Set<Int64>] = [:]
    ) throws {
        let state = Mutex(State())
        self.token = token
        self.chats = chats
        self.threads = threads
        self.state = state
        let box = HandlerBox()
        server = try LoopbackHTTPServer { request in box.handle(request) }
        box.fake.withLock { $0 = FakeReference(self) }
    }

    /// A token of the shape @BotFather hands out, drawn from the test kit's seeded generator.
    public static func makeToken() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        return SeededRandom.withKit { random in
            "\(100_000_000 + random.below(900_000_000)):" + String((0..<35).map { _ in random.pick(alphabet) })
        }
    }

    /// What to configure as `api_url`: `http://127.0.0.1:PORT`.
    public var apiURL: String { server.baseURL }

    /// The messages accepted so far, in order.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// The answers other than success so far, in order (failures set by the test included).
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
        let path = request.pathWithoutQuery
        guard path.hasPrefix("/bot"), let slash = path.dropFirst(4).firstIndex(of: "/") else {
            return refuse(404, "Not Found", request)
        }
        let sentToken = path[path.index(path.startIndex, offsetBy: 4)..<slash]
        let method = path[path.index(after: slash)...]
        guard sentToken == token else { return refuse(401, "Unauthorized", request) }
        guard method.lowercased() == "sendmessage" else { return refuse(404, "Not Found: method not found", request) }
        guard request.method == "POST" || request.method == "GET" else {
            return refuse(405, "Method Not Allowed", request)
        }
        let injected = state.withLock { state -> Failure? in
            state.faults.next()
        }
        if let injected { return reply(to: injected, request) }
        switch validate(request) {
        case .success(let message):
            let id = state.withLock { state -> Int in
                state.messages.append(message)
                defer { state.nextMessageID += 1 }
                return state.nextMessageID
            }
            return .json(success(message, id: id).serialized())
        case .failure(let rejection):
            return refuse(rejection.status, rejection.description, request)
        }
    }

    private struct Refusal: Error {
        var status: Int
        var description: String
        init(_ description: String, status: Int = 400) {
            self.status = status
            self.description = description
        }
    }

    private func validate(_ request: RecordedRequest) -> Result<Message, Refusal> {
        let isJSON =
            request.header("Content-Type")?.lowercased().split(separator: ";").first
            .map { $0.trimmingWhitespace() == "application/json" } ?? false
        var parameters: [(String, JSONValue)] = []
        if isJSON {
            guard let json = JSONValue.parse(request.bodyText), case .object(let pairs) = json else {
                return .failure(Refusal("Bad Request: can't parse JSON object"))
            }
            parameters = pairs
        }
        let body = JSONValue.object(parameters)
        func value(_ name: String) -> JSONValue? { body[name] }

        let chat: String
        switch value("chat_id") {
        case nil, .null?: return .failure(Refusal("Bad Request: chat_id is empty"))
        case .int(let id)?: chat = String(id)
        case .string(let name)? where !name.isEmpty: chat = name
        default: return .failure(Refusal("Bad Request: chat_id must be an Integer or a String"))
        }
        guard chats.contains(chat) else { return .failure(Refusal("Bad Request: chat not found")) }

        var thread: Int64?
        switch value("message_thread_id") {
        case nil, .null?: break
        case .int(let id)?: thread = id
        case .string(let text)? where Int64(text) != nil: thread = Int64(text)
        default: return .failure(Refusal("Bad Request: message_thread_id must be an Integer"))
        }
        if let thread, !(threads[chat]?.contains(thread) ?? false) {
            return .failure(Refusal("Bad Request: message thread not found"))
        }

        guard let textValue = value("text") else { return .failure(Refusal("Bad Request: message text is empty")) }
        guard case .string(let sentText) = textValue else {
            return .failure(Refusal("Bad Request: text must be a String"))
        }

        var parseMode: String?
        switch value("parse_mode") {
        case nil, .null?: break
        case .string(let mode)?: parseMode = mode.isEmpty ? nil : mode
        default: return .failure(Refusal("Bad Request: parse_mode must be a String"))
        }
        var text = sentText
        var entities: [TelegramHTMLParser.Entity] = []
        if let parseMode {
            guard parseMode.lowercased() == "html" else {
                return .failure(Refusal("Bad Request: unsupported parse_mode"))
            }
            do {
                let parsed = try TelegramHTMLParser.parse(sentText)
                text = parsed.text
                entities = parsed.entities
            } catch {
                return .failure(Refusal("Bad Request: can't parse entities: \(error.description)"))
            }
        }
        let trimmed = text.trimmingWhitespaceAndNewlines()
        guard !trimmed.isEmpty else { return .failure(Refusal("Bad Request: message text is empty")) }
        guard trimmed.utf16.count <= 4096 else { return .failure(Refusal("Bad Request: message is too long")) }

        guard let silent = boolean(value("disable_notification")) else {
            return .failure(Refusal("Bad Request: disable_notification must be a Boolean"))
        }
        guard let oldPreview = boolean(value("disable_web_page_preview")) else {
            return .failure(Refusal("Bad Request: disable_web_page_preview must be a Boolean"))
        }
        var previewDisabled = oldPreview
        if let options = value("link_preview_options"), options != .null {
            guard case .object = options, let disabled = boolean(options["is_disabled"]) else {
                return .failure(Refusal("Bad Request: can't parse link preview options JSON object"))
            }
            previewDisabled = previewDisabled || disabled
        }
        if let markup = value("reply_markup"), markup != .null, let problem = Self.keyboardProblem(markup) {
            return .failure(Refusal("Bad Request: \(problem)"))
        }
        return .success(
            Message(
                chatID: chat, text: text, sentText: sentText, parseMode: parseMode, entities: entities,
                messageThreadID: thread, disableNotification: silent, linkPreviewDisabled: previewDisabled,
                parameters: body, request: request))
    }

    /// `false` when absent, the value when a boolean, `nil` when of another type.
    private func boolean(_ value: JSONValue?) -> Bool? {
        switch value {
        case nil, .null?: false
        case .bool(let flag)?: flag
        default: nil
        }
    }

    private static func keyboardProblem(_ markup: JSONValue) -> String? {
        guard case .object = markup, let rows = markup["inline_keyboard"]?.arrayValue else {
            return "can't parse reply keyboard markup JSON object"
        }
        for row in rows {
            guard let buttons = row.arrayValue else {
                return "can't parse inline keyboard: field \"inline_keyboard\" must be an Array of Arrays"
            }
            for button in buttons {
                guard case .object = button, let text = button["text"]?.stringValue, !text.isEmpty else {
                    return "can't parse inline keyboard button: Text must be non-empty"
                }
                let kinds = ["url", "callback_data", "switch_inline_query", "login_url", "web_app", "copy_text"]
                guard kinds.contains(where: { button[$0] != nil }) else {
                    return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                }
                if let url = button["url"],
                    !(url.stringValue.map {
                        $0.hasPrefix("https://") || $0.hasPrefix("http://") || $0.hasPrefix("tg://")
                    } ?? false)
                {
                    return "can't parse inline keyboard button: wrong HTTP URL"
                }
            }
        }
        return nil
    }

    private func success(_ message: Message, id: Int) -> JSONValue {
        let chat: JSONValue =
            Int64(message.chatID).map {
                .object([("id", .int($0)), ("type", .string($0 < 0 ? "supergroup" : "private"))])
            }
            ?? .object([
                ("id", .int(-1_001_000_000_001)), ("type", .string("channel")),
                ("username", .string(String(message.chatID.dropFirst()))),
            ])
        var result: [(String, JSONValue)] = [
            ("message_id", .int(Int64(id))),
            (
                "from",
                .object([
                    ("id", .int(Int64(token.prefix { $0 != ":" }) ?? 1)), ("is_bot", .bool(true)),
                    ("first_name", .string("Fake Bot")), ("username", .string("fake_bot")),
                ])
            ),
            ("chat", chat),
            ("date", .int(Int64(Date().timeIntervalSince1970))),
        ]
        if let thread = message.messageThreadID {
            result.append(("message_thread_id", .int(thread)))
            result.append(("is_topic_message", .bool(true)))
        }
        result.append(("text", .string(message.text)))
        if !message.entities.isEmpty {
            result.append(
                (
                    "entities",
                    .array(
                        message.entities.map { entity in
                            var fields: [(String, JSONValue)] = [
                                ("offset", .int(Int64(entity.offset))), ("length", .int(Int64(entity.length))),
                                ("type", .string(entity.type)),
                            ]
                            if let url = entity.url { fields.append(("url", .string(url))) }
                            if let language = entity.language { fields.append(("language", .string(language))) }
                            return .object(fields)
                        })
                ))
        }
        return .object([("ok", .bool(true)), ("result", .object(result))])
    }

    private func reply(to failure: Failure, _ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        switch failure {
        case .tooManyRequests(let seconds):
            return refuse(
                429, "Too Many Requests: retry after \(seconds)", request,
                parameters: .object([("retry_after", .int(Int64(seconds)))]))
        case .serverError(let status):
            let descriptions = [502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"]
            return refuse(status, descriptions[status] ?? "Internal Server Error", request)
        case .badGateway:
            let page =
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
            record(Rejection(status: 502, description: page, request: request))
            return .response(status: 502, headers: ["Content-Type": "text/html"], body: Array(page.utf8))
        case .refuse(let status, let description):
            return refuse(status, description, request)
        case .migrated(let chat):
            return refuse(
                400, "Bad Request: group chat was upgraded to a supergroup chat", request,
                parameters: .object([("migrate_to_chat_id", .int(chat))]))
        case .dropConnection:
            record(Rejection(status: 0, description: "connection dropped", request: request))
            return .dropConnection
        }
    }

    private func refuse(
        _ status: Int, _ description: String, _ request: RecordedRequest, parameters: JSONValue? = nil
    ) -> LoopbackHTTPServer.Reply {
        record(Rejection(status: status, description: description, request: request))
        var fields: [(String, JSONValue)] = [
            ("ok", .bool(false)), ("error_code", .int(Int64(status))), ("description", .string(description)),
        ]
        if let parameters { fields.append(("parameters", parameters)) }
        return .json(JSONValue.object(fields).serialized(), status: status)
    }

    private func record(_ rejection: Rejection) {
        state.withLock { $0.rejections.append(rejection) }
    }
}

/// Lets the server's handler reach the fake without keeping it alive.
private final class HandlerBox: Sendable {
    let fake = Mutex(FakeReference<FakeTelegramBotAPI>(nil))

    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let fake = fake.withLock({ $0.value }) else { return .status(503) }
        return fake.handle(request)
    }
}

/// A weak reference that can cross threads.
struct FakeReference<Value: AnyObject & Sendable>: Sendable {
    weak var value: Value?
    init(_ value: Value?) { self.value = value }
}
