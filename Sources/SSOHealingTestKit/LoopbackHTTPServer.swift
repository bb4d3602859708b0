import Dispatch
import SSOHealingCore
import SSOHealingHTTP
import Synchronization

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests and fakes.
///
/// It accepts connections on a thread of its own and serves each connection on another (never on
/// Swift's concurrency pool), reads `Content-Length` and chunked request bodies, keeps
/// connections alive unless told to close, records every request, and answers with what the
/// handler returns, including deliberate misbehaviour (`.delay`, `.dropConnection`, `.hang`).
/// `stop()`, or releasing the server, closes every socket and ends every thread.
public final class LoopbackHTTPServer: Sendable {
    /// Decides the reply to a request; called on a server thread, possibly on several at once.
    public typealias Handler = @Sendable (RecordedRequest) -> Reply

    /// The port the server listens on.
    public let port: Int
    private let core: LoopbackHTTPServerCore

    /// Starts a server on 127.0.0.1:`port` (0 picks a free port) that answers with `handler`;
    /// request bodies over `maxRequestBodyBytes` get 413.
    public init(
        port: Int = 0, maxRequestBodyBytes: Int = 16 * 1024 * 1024,
        handler: @escaping Handler = { _ in .status(404) }
    ) throws {
        core = try LoopbackHTTPServerCore(port: port, maxRequestBodyBytes: maxRequestBodyBytes, handler: handler)
        self.port = core.port
        try core.start()
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The URL of `pathAndQuery` (such as `/bot1/sendMessage?x=1`) on this server.
    public func url(_ pathAndQuery: String) -> String {
        baseURL + (pathAndQuery.hasPrefix("/") ? "" : "/") + pathAndQuery
    }

    /// The handler for requests from now on.
    public var handler: Handler {
        get { core.handler }
        set { core.handler = newValue }
    }

    /// Every request received so far, in arrival order (recorded before the handler runs).
    public var requests: [RecordedRequest] { core.requests }

    /// Forgets the recorded requests.
    public func removeAllRequests() { core.removeAllRequests() }

    /// Waits until at least `count` requests have arrived; `false` if `timeout` passes first.
    @discardableResult
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(5)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while core.requestCount < count {
            guard clock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Stops the server: new connections are refused, waiting replies (`.delay`, `.hang`) end
    /// with the connection closed, and every socket and thread is gone when it returns. Calling
    /// it again does nothing. Called from a handler, it returns before the cleanup is done.
    public func stop() { core.stop() }
}

/// Why `LoopbackHTTPServer` could not start.
public struct LoopbackHTTPServerError: Error, CustomStringConvertible {
    /// The system call that failed, such as `bind`.
    public var operation: String
    /// Its `errno`.
    public var code: Int32

    /// Creates an error.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The call and the system's explanation.
    public var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}

/// The server's state and threads; the threads hold this, not the public object, so releasing
/// the server can stop them.
private final class LoopbackHTTPServerCore: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let maxRequestBodyBytes: Int
    /// Every thread of the server is in this group until it has closed its sockets.
    private let threads = DispatchGroup()

    private struct State {
        var handler: LoopbackHTTPServer.Handler
        var recorded: [RecordedRequest] = []
        var stopping = false
    }

    private let state: Mutex<State>

    init(port: Int, maxRequestBodyBytes: Int, handler: @escaping LoopbackHTTPServer.Handler) throws {
        let (listener, boundPort) = try LoopbackSocket.makeListener(port: port)
        do {
            (wakeRead, wakeWrite) = try LoopbackSocket.wakePipe()
        } catch {
            close(listener)
            throw error
        }
        self.listener = listener
        self.port = boundPort
        self.maxRequestBodyBytes = maxRequestBodyBytes
        state = Mutex(State(handler: handler))
    }

    var handler: LoopbackHTTPServer.Handler {
        get { state.withLock { $0.handler } }
        set { state.withLock { $0.handler = newValue } }
    }

    var requests: [RecordedRequest] { state.withLock { $0.recorded } }

    var requestCount: Int { state.withLock { $0.recorded.count } }

    func removeAllRequests() { state.withLock { $0.recorded.removeAll() } }

    func start() throws(LoopbackHTTPServerError) {
        do {
            try spawn { $0.acceptConnections() }
        } catch {
            close(listener)
            stop()
            throw LoopbackHTTPServerError(operation: "pthread_create", code: error.code)
        }
    }

    func stop() {
        let alreadyStopping = state.withLock { state in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !alreadyStopping else { return }
        // Closing the write end makes the read end readable for every waiting thread at once.
        close(wakeWrite)
        if ServerThread.current == identity {
            // Waiting here would wait for this very thread.
            do {
                try DetachedThread.start { [self] in finishStopping() }
            } catch {
                // Nobody can wait for the threads: they close their own sockets; the wake pipe's
                // read end stays open.
            }
        } else {
            finishStopping()
        }
    }

    private func finishStopping() {
        threads.wait()
        close(wakeRead)
    }

    private var identity: UInt { UInt(bitPattern: ObjectIdentifier(self)) }

    /// Runs `body` on a new thread that `stop()` waits for.
    private func spawn(
        _ body: @escaping @Sendable (LoopbackHTTPServerCore) -> Void
    ) throws(DetachedThread.StartError) {
        threads.enter()
        do {
            try DetachedThread.start(name: "LoopbackHTTPServer :\(port)") { [self] in
                ServerThread.current = identity
                body(self)
                threads.leave()
            }
        } catch {
            threads.leave()
            throw error
        }
    }

    private func acceptConnections() {
        defer { close(listener) }
        while true {
            switch LoopbackSocket.wait(for: listener, wake: wakeRead) {
            case .stopped, .failed: return
            case .timedOut: continue
            case .ready: break
            }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                // Out of descriptors: let connections finish rather than spin.
                if errno == EMFILE || errno == ENFILE { _ = LoopbackSocket.pause(.milliseconds(10), wake: wakeRead) }
                continue
            }
            LoopbackSocket.configureConnection(connection)
            do {
                try spawn { $0.serve(connection) }
            } catch {
                // Without a thread to serve it, the connection is closed unanswered.
                close(connection)
            }
        }
    }

    /// How a connection ends after a reply.
    private enum Continuation {
        case keepAlive
        case closeGracefully
        case closeNow
    }

    private func serve(_ connection: Int32) {
        var parser = LoopbackHTTPRequestParser(
            source: LoopbackSocketSource(fd: connection, wake: wakeRead), maxBodyBytes: maxRequestBodyBytes)
        var ending = Continuation.closeNow
        defer {
            if ending == .closeGracefully {
                LoopbackSocket.closeGracefully(connection, wake: wakeRead)
            } else {
                close(connection)
            }
        }
        while true {
            let request: RecordedRequest
            let head: LoopbackHTTPRequestHead
            do {
                guard let next = try parser.readHead() else { return }
                head = next
                if head.expectsContinue && head.framing != .none {
                    guard
                        LoopbackSocket.sendAll(
                            Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), to: connection, wake: wakeRead)
                    else { return }
                }
                let body = try parser.readBody(for: head)
                request = RecordedRequest(
                    method: head.method, path: head.target, version: head.version, headers: head.headers, body: body)
            } catch {
                if let status = error.status {
                    let reply = Self.responseBytes(status: status, headers: [:], body: [], method: "GET", close: true)
                    if LoopbackSocket.sendAll(reply, to: connection, wake: wakeRead) { ending = .closeGracefully }
                }
                return
            }
            let handler = state.withLock { state in
                state.recorded.append(request)
                return state.handler
            }
            ending = perform(handler(request), for: head, on: connection)
            guard ending == .keepAlive else { return }
        }
    }

    private func perform(
        _ reply: LoopbackHTTPServer.Reply, for head: LoopbackHTTPRequestHead, on connection: Int32
    )
        -> Continuation
    {
        switch reply {
        case .response(let status, let headers, let body):
            let bytes = Self.responseBytes(
                status: status, headers: headers, body: body, method: head.method, close: !head.keepAlive)
            guard LoopbackSocket.sendAll(bytes, to: connection, wake: wakeRead) else { return .closeNow }
            return head.keepAlive ? .keepAlive : .closeGracefully
        case .delay(let duration, let then):
            guard LoopbackSocket.pause(duration, wake: wakeRead) else { return .closeNow }
            return perform(then, for: head, on: connection)
        case .dropConnection:
            return .closeNow
        case .hang:
            LoopbackSocket.waitForStop(wake: wakeRead)
            return .closeNow
        case .raw(let bytes):
            _ = LoopbackSocket.sendAll(bytes, to: connection, wake: wakeRead)
            return .closeGracefully
        }
    }

    private static func responseBytes(
        status: Int, headers: HTTPHeaders, body: [UInt8], method: String, close: Bool
    )
        -> [UInt8]
    {
        var head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        for field in headers
        where !["Content-Length", "Transfer-Encoding", "Connection"].contains(where: {
            HTTPHeaders.name($0, matches: field.name)
        }) {
            head += "\(field.name): \(field.value)\r\n"
        }
        let hasBody = !(100..<200).contains(status) && status != 204 && status != 304
        if hasBody { head += "Content-Length: \(body.count)\r\n" }
        if close { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (hasBody && method != "HEAD" ? body : [])
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// Which server the calling thread serves, kept as a thread-specific value.
private enum ServerThread {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The identity of the server the calling thread belongs to; 0 on any other thread.
    static var current: UInt {
        get { UInt(bitPattern: pthread_getspecific(key)) }
        set { pthread_setspecific(key, UnsafeRawPointer(bitPattern: newValue)) }
    }
}

/// A connected socket as the parser's byte source.
private struct LoopbackSocketSource: LoopbackByteSource {
    let fd: Int32
    let wake: Int32

    mutating func receive(into buffer: inout [UInt8]) throws(LoopbackHTTPParseError) -> Bool {
        try LoopbackSocket.receiveAvailable(from: fd, into: &buffer, wake: wake)
    }
}
