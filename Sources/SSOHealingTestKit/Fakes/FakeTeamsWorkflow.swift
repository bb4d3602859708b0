import SSOHealingCore
import SSOHealingHTTP
import Synchronization

/// A Microsoft Teams Workflows webhook ("Post to a channel when a webhook request is received")
/// on 127.0.0.1, answering as the real trigger does.
///
/// The trigger checks the request: its path names the workflow (else 404 `WorkflowNotFound`),
/// its query carries the signature (`sig`; missing: 401 `DirectApiAuthorizationRequired`,
/// wrong: 401 `DirectApiInvalidAuthorizationSignature`), the method is `POST` (else 400
/// `TriggerRequestMethodNotValid`) and the body is JSON (else 400 `InvalidRequestContent`);
/// errors come as `{"error": {"code": …, "message": …}}`. It then answers `202 Accepted` with no
/// body and runs the workflow, which posts each Adaptive Card of the message's `attachments` to
/// the channel, or fails, as the "Post card in a chat or channel" step does, on a message larger
/// than 28 KB, without attachments, or with a card ``AdaptiveCards`` refuses. The run's outcome
/// is not in the answer (Teams answers first): tests read ``posted`` and ``failedRuns``.
///
/// Tests switch it to failing (429 with `Retry-After`, 5xx, any refusal, a dropped connection).
public final class FakeTeamsWorkflow: Sendable, FaultInjecting {
    /// A card posted to the channel.
    public struct Post: Sendable {
        /// The card.
        public var card: AdaptiveCards.Card
        /// The request.
        public var request: RecordedRequest
        /// What people see in the channel.
        public var visibleText: String { card.visibleText }
    }

    /// A run that accepted the request and then failed to post.
    public struct FailedRun: Sendable {
        /// Why, as the run history says.
        public var reason: String
        /// The request.
        public var request: RecordedRequest
    }

    /// A way to fail the next requests.
    public enum Failure: Sendable, Equatable {
        /// 429 with `Retry-After: N`.
        case rateLimited(retryAfter: Int)
        /// A 5xx status.
        case serverError(status: Int)
        /// An error status with the workflow's `{"error": {"code", "message"}}`.
        case refuse(status: Int, code: String, message: String)
        /// The connection is closed without an answer.
        case dropConnection

        /// A workflow that was turned off or deleted: 404 `WorkflowNotFound`.
        public static let workflowGone = Failure.refuse(
            status: 404, code: "WorkflowNotFound", message: "The workflow could not be found.")
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
        var posts: [Post] = []
        var failedRuns: [FailedRun] = []
        var rejections: [Rejection] = []
        var faults = FaultSchedule<Failure>()
        var runs = 0
    }

    /// The workflow's id, part of the path.
    public let workflowID: String
    /// The signature the query must carry.
    public let signature: String
    /// The server.
    public let server: LoopbackHTTPServer
    private let state: Mutex<State>

    /// Starts a fake workflow (by default with a fresh id and signature).
    public init(
        workflowID: String = FakeTeamsWorkflow.random("0123456789abcdef", 32),
        signature: String = FakeTeamsWorkflow.random(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43)
    ) throws {
        self.workflowID = workflowID
        self.signature = signature
        state = Mutex(State())
        let box = TeamsHandlerBox()
        server = try LoopbackHTTPServer { request in box.handle(request) }
        box.fake.withLock { $0 = FakeReference(self) }
    }

    /// `count` characters drawn from `alphabet`.
    public static func random(_ alphabet: String, _ count: Int) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters.randomElement()! })
    }

    /// The path of the trigger.
    public var path: String { "/workflows/\(workflowID)/triggers/manual/paths/invoke" }

    /// The URL to configure, shaped like the one the workflow's trigger shows.
    public var url: String {
        server.url(path + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=\(signature)")
    }

    /// The cards posted so far, in order.
    public var posted: [Post] { state.withLock { $0.posts } }

    /// The runs that failed to post, in order.
    public var failedRuns: [FailedRun] { state.withLock { $0.failedRuns } }

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

    /// The workflow's error body.
    public static func errorBody(code: String, message: String) -> String {
        JSONValue.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]).serialized()
    }

    // MARK: - Answering

    fileprivate func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard request.pathWithoutQuery == path else {
            return reject(404, "WorkflowNotFound", "The workflow could not be found.", request)
        }
        guard let sig = request.queryItems.first(where: { $0.name == "sig" })?.value else {
            return reject(
                401, "DirectApiAuthorizationRequired",
                "The request must be authenticated only by Shared Access scheme.",
                request)
        }
        guard sig == signature else {
            return reject(
                401, "DirectApiInvalidAuthorizationSignature", "The provided authorization signature is not valid.",
                request)
        }
        guard request.method == "POST" else {
            return reject(
                400, "TriggerRequestMethodNotValid",
                "The HTTP method for this request is not valid: expected 'Post' and actual '\(request.method)'.",
                request
            )
        }
        if let injected = state.withLock({ $0.faults.next() }) {
            switch injected {
            case .rateLimited(let seconds):
                return reject(
                    429, "WorkflowRequestsThrottled", "Rate limit is exceeded. Try again in \(seconds) seconds.",
                    request, headers: ["Retry-After": "\(seconds)"])
            case .serverError(let status):
                return reject(status, "ServiceUnavailable", "The service is temporarily unavailable.", request)
            case .refuse(let status, let code, let message): return reject(status, code, message, request)
            case .dropConnection:
                state.withLock {
                    $0.rejections.append(Rejection(status: 0, body: "connection dropped", request: request))
                }
                return .dropConnection
            }
        }
        let mediaType =
            request.header("Content-Type")?.lowercased().split(separator: ";").first
            .map { $0.trimmingWhitespace() } ?? ""
        guard mediaType == "application/json" else {
            return reject(
                400, "InvalidRequestContent",
                "The input body for trigger 'manual' of type 'Request' must be of type JSON, but was of type '\(mediaType.isEmpty ? "application/octet-stream" : mediaType)'.",
                request)
        }
        guard let message = JSONValue.parse(request.bodyText) else {
            return reject(
                400, "InvalidRequestContent", "The request content is not valid and could not be deserialized.", request
            )
        }
        let run = state.withLock { state -> Int in
            state.runs += 1
            switch AdaptiveCards.cards(in: message, size: request.body.count) {
            case .success(let cards):
                state.posts += cards.map { Post(card: $0, request: request) }
            case .failure(let problem):
                state.failedRuns.append(FailedRun(reason: problem.description, request: request))
            }
            return state.runs
        }
        return .response(
            status: 202, headers: ["x-ms-workflow-run-id": "08584\(String(run, radix: 10))"], body: [])
    }

    private func reject(
        _ status: Int, _ code: String, _ message: String, _ request: RecordedRequest, headers: HTTPHeaders = [:]
    ) -> LoopbackHTTPServer.Reply {
        let body = Self.errorBody(code: code, message: message)
        state.withLock { $0.rejections.append(Rejection(status: status, body: body, request: request)) }
        return .json(body, status: status, headers: headers)
    }
}

/// Lets the server's handler reach the fake without keeping it alive.
private final class TeamsHandlerBox: Sendable {
    let fake = Mutex(FakeReference<FakeTeamsWorkflow>(nil))

    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let fake = fake.withLock({ $0.value }) else { return .status(503) }
        return fake.handle(request)
    }
}
