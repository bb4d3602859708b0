import SSOHealingTestKit
import Synchronization

/// A loopback server that can be stopped (connections refused) and started again on the same port.
final class FakeEndpoint: Sendable {
    /// The port, kept across restarts.
    let port: Int
    private let handler: LoopbackHTTPServer.Handler
    private let server: Mutex<LoopbackHTTPServer?>

    /// Starts a server on a free port.
    init(handler: @escaping LoopbackHTTPServer.Handler) throws {
        let started = try LoopbackHTTPServer(handler: handler)
        port = started.port
        self.handler = handler
        server = Mutex(started)
    }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Whether the server is listening.
    var isRunning: Bool { server.withLock { $0 != nil } }

    /// Stops the server; connections are refused until `start()`.
    func stop() {
        let stopped = server.withLock { current -> LoopbackHTTPServer? in
            defer { current = nil }
            return current
        }
        stopped?.stop()
    }

    /// Starts the server again on the same port (nothing when it runs).
    func start() throws {
        try server.withLock { current in
            if current == nil { current = try LoopbackHTTPServer(port: port, handler: handler) }
        }
    }
}
