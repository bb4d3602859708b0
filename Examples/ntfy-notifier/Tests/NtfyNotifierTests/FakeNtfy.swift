import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Synchronization

/// An ntfy server as its publish API behaves (https://docs.ntfy.sh/publish/), on a loopback port:
/// JSON published to `/`, topics of 1 to 64 `[-_A-Za-z0-9]`, an access token for protected
/// topics, a 4096-byte message limit, and errors as `{"code":…,"http":…,"error":…}`.
final class FakeNtfy: Sendable {
    /// One message the server accepted.
    struct Message: Sendable {
        var topic: String
        var title: String
        var message: String
        var priority: Int64
        var tags: [String]
        /// What a person sees: the title and the message.
        var visibleText: String { title + "\n" + message }
    }

    /// How the server answers the next publishes.
    enum Behaviour: Sendable {
        case accept
        case rateLimited
        case unavailable
        case forbidden
    }

    private struct State {
        var messages: [Message] = []
        var behaviour: Behaviour = .accept
    }

    /// The topic the fake serves; only it is accepted with the token.
    let topic = "sso-\(UUID().uuidString.prefix(8))"
    /// The token that protects the topic.
    let token = "tk_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(29))"
    private let state = Mutex(State())
    private let server: LoopbackHTTPServer

    init() throws {
        server = try LoopbackHTTPServer()
        server.handler = { [weak self] request in
            self?.answer(request) ?? .status(503)
        }
    }

    var url: String { server.baseURL }
    var messages: [Message] { state.withLock { $0.messages } }
    var requests: [RecordedRequest] { server.requests }

    func behave(_ behaviour: Behaviour) { state.withLock { $0.behaviour = behaviour } }

    private func error(_ http: Int, _ code: Int, _ text: String) -> LoopbackHTTPServer.Reply {
        .json(
            "{\"code\":\(code),\"http\":\(http),\"error\":\"\(text)\",\"link\":\"https://ntfy.sh/docs/publish/\"}\n",
            status: http)
    }

    private func answer(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard request.method == "POST" || request.method == "PUT" else {
            return error(405, 40501, "method not allowed")
        }
        guard request.pathWithoutQuery == "/" else { return error(404, 40401, "page not found") }
        switch state.withLock({ $0.behaviour }) {
        case .accept: break
        case .rateLimited: return error(429, 42901, "limit reached: too many requests, please be nice")
        case .unavailable: return .text("502 Bad Gateway\n", status: 502)
        case .forbidden: return error(403, 40301, "forbidden")
        }
        guard let json = JSONValue.parse(request.bodyText), case .object = json else {
            return error(400, 40024, "invalid request: request body must be message JSON")
        }
        guard let published = json["topic"]?.stringValue, NtfyTopic.isValid(published) else {
            return error(400, 40009, "invalid request: topic invalid")
        }
        if let authorization = request.header("Authorization") {
            guard authorization == "Bearer \(token)" else { return error(401, 40101, "unauthorized") }
        } else if published == topic {
            return error(403, 40301, "forbidden")
        }
        let message = json["message"]?.stringValue ?? "triggered"
        guard message.utf8.count <= 4096 else { return error(413, 41301, "request entity too large") }
        var priority: Int64 = 3
        if let value = json["priority"] {
            guard let number = value.intValue, (1...5).contains(number) else {
                return error(400, 40007, "invalid request: priority invalid")
            }
            priority = number
        }
        let tags = json["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let accepted = Message(
            topic: published, title: json["title"]?.stringValue ?? "", message: message, priority: priority, tags: tags)
        state.withLock { $0.messages.append(accepted) }
        let id = String(UUID().uuidString.prefix(12))
        return .json(
            JSONValue.object([
                ("id", .string(id)), ("time", .int(Int64(Date().timeIntervalSince1970))), ("event", .string("message")),
                ("topic", .string(published)), ("message", .string(message)),
            ]).serialized() + "\n")
    }
}

/// ntfy's topic rule, written out again for the fake so that it does not trust the code under test.
enum NtfyTopic {
    static func isValid(_ topic: String) -> Bool {
        topic.range(of: "^[-_A-Za-z0-9]{1,64}$", options: .regularExpression) != nil
    }
}
