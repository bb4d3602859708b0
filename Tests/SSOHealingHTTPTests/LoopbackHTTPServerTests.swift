import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

@Suite struct LoopbackHTTPServerTests {
    private func connect(_ server: LoopbackHTTPServer) throws -> RawHTTPConnection {
        try RawHTTPConnection.connect(port: server.port).get()
    }

    @Test func listensOnAnEphemeralLoopbackPort() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }

        #expect(server.port > 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #expect(server.url("/a?b=1") == server.baseURL + "/a?b=1")
        #expect(server.url("a") == server.baseURL + "/a")
    }

    @Test func decodesChunkedRequestBodies() throws {
        let server = try LoopbackHTTPServer { request in .text("got \(request.body.count)") }
        defer { server.stop() }
        let connection = try connect(server)

        connection.send(
            "POST /upload?x=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n")
        let reply = connection.readUntilClose()

        #expect(reply.closed)
        #expect(reply.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(reply.text.hasSuffix("\r\n\r\ngot 12"))
        let request = try #require(server.requests.first)
        #expect(request.bodyText == "hello, world")
        #expect(request.method == "POST")
        #expect(request.pathWithoutQuery == "/upload")
        #expect(request.query == "x=1")
    }

    @Test func keepsConnectionsAliveAndAnswersPipelinedRequestsInOrder() throws {
        let server = try LoopbackHTTPServer { request in .text(request.bodyText + request.path) }
        defer { server.stop() }
        let connection = try connect(server)

        connection.send(
            "POST /one HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /two HTTP/1.1\r\n\r\n"
                + "GET /three HTTP/1.1\r\nConnection: close\r\n\r\n")
        let reply = connection.readUntilClose()

        #expect(reply.closed)
        #expect(reply.text.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
        #expect(reply.text.contains("abc/one"))
        #expect(reply.text.hasSuffix("Connection: close\r\n\r\n/three"))
        #expect(server.requests.map(\.path) == ["/one", "/two", "/three"])
    }

    @Test func keepAliveConnectionStaysOpenBetweenRequests() throws {
        let server = try LoopbackHTTPServer { _ in .text("hi") }
        defer { server.stop() }
        let connection = try connect(server)

        connection.send("GET /a HTTP/1.1\r\n\r\n")
        let first = connection.read(until: "\r\n\r\nhi")
        connection.send("GET /b HTTP/1.0\r\n\r\n")
        let second = connection.readUntilClose()

        #expect(first.hasPrefix("HTTP/1.1 200 OK"))
        #expect(!first.contains("Connection: close"))
        #expect(second.closed)
        #expect(second.text.contains("Connection: close"))
        #expect(server.requests.map(\.version) == ["HTTP/1.1", "HTTP/1.0"])
    }

    @Test func answersExpectContinueBeforeTheBody() throws {
        let server = try LoopbackHTTPServer { request in .text(request.bodyText) }
        defer { server.stop() }
        let connection = try connect(server)

        connection.send("PUT /x HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
        let interim = connection.read(until: "\r\n\r\n")
        connection.send("data")
        let reply = connection.readUntilClose()

        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(reply.text.hasPrefix("HTTP/1.1 200 OK") && reply.text.hasSuffix("data"))
    }

    @Test(arguments: [
        ("NOT-HTTP\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", 413),
    ])
    func rejectsBadRequestsWithAStatus(request: String, status: Int) throws {
        let server = try LoopbackHTTPServer(maxRequestBodyBytes: 1000) { _ in .ok }
        defer { server.stop() }
        let connection = try connect(server)

        connection.send(request)
        let reply = connection.readUntilClose()

        #expect(reply.closed)
        #expect(reply.text.hasPrefix("HTTP/1.1 \(status) "))
        #expect(server.requests.isEmpty)
    }

    @Test func rejectsOversizedHeaders() throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }
        let connection = try connect(server)

        connection.send("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n")

        #expect(connection.readUntilClose().text.hasPrefix("HTTP/1.1 431 "))
    }

    @Test func recordsRequestsAndTakesANewHandler() async throws {
        let server = try LoopbackHTTPServer { _ in .text("first") }
        defer { server.stop() }
        let client = HTTPClient()

        let before = try await client.send(HTTPRequest(url: server.url("/1")))
        server.handler = { request in .json(encoding: ["path": request.path], status: 202) }
        let after = try await client.send(HTTPRequest(url: server.url("/2"), headers: ["X-Trace": "t"]))

        #expect(before.bodyText == "first")
        #expect(after.status == 202)
        #expect(after.header("Content-Type") == "application/json")
        #expect(after.bodyText == #"{"path":"\/2"}"#)
        #expect(server.requests.map(\.path) == ["/1", "/2"])
        #expect(server.requests.last?.header("x-trace") == "t")
        server.removeAllRequests()
        #expect(server.requests.isEmpty)
    }

    @Test func readsFormsQueriesAndJSON() async throws {
        struct Message: Decodable, Equatable {
            var chat_id: Int
            var text: String
        }
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }
        let client = HTTPClient()

        _ = try await client.send(
            HTTPRequest(
                method: "POST", url: server.url("/f?a=1&b=x%20y&flag"),
                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("name=J%C3%B6rg+B&empty=".utf8)))
        _ = try await client.send(
            HTTPRequest(method: "POST", url: server.url("/j"), body: Array(#"{"chat_id":7,"text":"hi"}"#.utf8)))

        let form = try #require(server.requests.first)
        #expect(form.queryItems.map(\.name) == ["a", "b", "flag"])
        #expect(form.queryItems.map(\.value) == ["1", "x y", ""])
        #expect(form.formItems.map(\.name) == ["name", "empty"])
        #expect(form.formItems.map(\.value) == ["Jörg B", ""])
        #expect(try server.requests.last?.decodeJSON(Message.self) == Message(chat_id: 7, text: "hi"))
    }

    @Test func stopEndsWaitingRepliesAndRefusesNewConnections() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/hang" ? .hang : .delay(.seconds(30), then: .ok)
        }
        let hanging = try connect(server)
        let delayed = try connect(server)
        hanging.send("GET /hang HTTP/1.1\r\n\r\n")
        delayed.send("GET /slow HTTP/1.1\r\n\r\n")
        let idle = try connect(server)
        #expect(await server.waitForRequests(2))
        server.stop()
        server.stop()

        #expect(hanging.readUntilClose(timeoutMilliseconds: 1000) == ("", true))
        #expect(delayed.readUntilClose(timeoutMilliseconds: 1000) == ("", true))
        #expect(idle.readUntilClose(timeoutMilliseconds: 1000) == ("", true))
        guard case .failure(let error) = RawHTTPConnection.connect(port: server.port) else {
            Issue.record("connected to a stopped server")
            return
        }
        #expect(error.code == ECONNREFUSED)
    }

    @Test func releasingTheServerStopsIt() throws {
        var server: LoopbackHTTPServer? = try LoopbackHTTPServer { _ in .ok }
        let port = try #require(server?.port)
        #expect(throws: Never.self) { try RawHTTPConnection.connect(port: port).get() }

        server = nil

        #expect(throws: RawSocketError(code: ECONNREFUSED)) { try RawHTTPConnection.connect(port: port).get() }
    }

    @Test func stopFromAHandlerDoesNotDeadlock() async throws {
        let box = ServerBox()
        let server = try LoopbackHTTPServer { _ in
            box.server?.stop()
            return .ok
        }
        box.server = server

        // The reply may or may not make it out; what matters is that nothing deadlocks and the
        // server does stop.
        _ = try? await HTTPClient().send(HTTPRequest(url: server.baseURL, timeout: .seconds(2)))

        // The limit only turns a server that never stops into a failure; it measures nothing.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while case .success = RawHTTPConnection.connect(port: server.port), clock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(throws: RawSocketError(code: ECONNREFUSED)) { try RawHTTPConnection.connect(port: server.port).get() }
    }
}

/// Lets a handler reach the server it belongs to.
private final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private weak var stored: LoopbackHTTPServer?

    var server: LoopbackHTTPServer? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
