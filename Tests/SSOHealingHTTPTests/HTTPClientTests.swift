import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

@Suite struct HTTPClientTests {
    let client = HTTPClient()

    /// Sends `request` and returns the error it fails with (the test fails if it succeeds).
    private func failure(
        of request: HTTPRequest, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async
        -> HTTPClientError?
    {
        do {
            let response = try await client.send(request)
            Issue.record("expected an error, got \(response)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#, headers: ["X-Request-Id": "r-1"]) }
        defer { server.stop() }

        let response = try await client.send(HTTPRequest(url: server.url("/v1/things?limit=2")))

        #expect(response.status == 200)
        #expect(response.bodyText == #"{"ok":true}"#)
        #expect(response.header("X-Request-Id") == "r-1")
        #expect(response.isSuccess)
        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.path == "/v1/things?limit=2")
        #expect(received.body.isEmpty)
        #expect(received.header("Content-Length") == nil)
        #expect(received.header("User-Agent") == "sso-self-healing/\(ProductInfo.version)")
    }

    @Test func postSendsExactlyTheGivenHeadersAndBody() async throws {
        let server = try LoopbackHTTPServer { _ in .status(201) }
        defer { server.stop() }
        let body = Array(#"{"chat_id":42,"text":"héllo"}"#.utf8)

        let response = try await client.send(
            HTTPRequest(
                method: "POST", url: server.url("/send"),
                headers: ["Content-Type": "application/json", "X-Custom": "one", "x-custom": "two"], body: body))

        #expect(response.status == 201)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.path == "/send")
        #expect(received.body == body)
        #expect(received.header("content-type") == "application/json")
        #expect(received.headers.values(for: "X-Custom") == ["one", "two"])
        #expect(received.header("Content-Length") == "\(body.count)")
        #expect(received.header("Expect") == nil)
    }

    @Test func bodyWithoutContentTypeIsNotClaimedToBeAForm() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }

        _ = try await client.send(HTTPRequest(method: "POST", url: server.url("/raw"), body: [0, 1, 2, 255]))
        _ = try await client.send(HTTPRequest(method: "POST", url: server.url("/empty")))

        let requests = server.requests
        #expect(requests.map(\.body) == [[0, 1, 2, 255], []])
        #expect(requests.map { $0.header("Content-Type") } == [nil, nil])
        #expect(requests.map { $0.header("Content-Length") } == ["4", "0"])
    }

    @Test func largeBodiesTravelWithoutExpectContinue() async throws {
        let server = try LoopbackHTTPServer { request in .text("\(request.body.count)") }
        defer { server.stop() }
        let body = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }

        let response = try await client.send(HTTPRequest(method: "PUT", url: server.url("/blob"), body: body))

        #expect(response.bodyText == "\(body.count)")
        let received = try #require(server.requests.first)
        #expect(received.method == "PUT")
        #expect(received.body == body)
        #expect(received.header("Expect") == nil)
    }

    @Test func otherMethodsAreSentAsGiven() async throws {
        let server = try LoopbackHTTPServer { request in .text(request.method) }
        defer { server.stop() }

        let delete = try await client.send(HTTPRequest(method: "DELETE", url: server.url("/x")))
        let head = try await client.send(HTTPRequest(method: "HEAD", url: server.url("/x")))
        let patch = try await client.send(HTTPRequest(method: "PATCH", url: server.url("/x"), body: Array("p".utf8)))

        #expect(delete.bodyText == "DELETE")
        #expect(head.status == 200 && head.body.isEmpty && head.header("Content-Length") == "4")
        #expect(patch.bodyText == "PATCH")
        #expect(server.requests.map(\.method) == ["DELETE", "HEAD", "PATCH"])
        #expect(server.requests.last?.bodyText == "p")
    }

    @Test func userAgentCanBeReplaced() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }

        _ = try await client.send(HTTPRequest(url: server.baseURL, headers: ["user-agent": "custom/1"]))

        #expect(server.requests.first?.headers.values(for: "User-Agent") == ["custom/1"])
    }

    @Test(arguments: [200, 204, 404, 500, 503])
    func statusCodesAreResponsesNotErrors(status: Int) async throws {
        let server = try LoopbackHTTPServer { _ in
            status == 204 ? .status(204) : .text("status \(status)", status: status)
        }
        defer { server.stop() }

        let response = try await client.send(HTTPRequest(url: server.url("/status")))

        #expect(response.status == status)
        #expect(response.bodyText == (status == 204 ? "" : "status \(status)"))
        #expect(response.isSuccess == (200..<300).contains(status))
    }

    @Test func responseHeadersAreReadCaseInsensitivelyInOrder() async throws {
        let server = try LoopbackHTTPServer { _ in
            .response(status: 200, headers: ["X-Rate-Limit": "5", "Set-Cookie": "a=1", "set-cookie": "b=2"], body: [])
        }
        defer { server.stop() }

        let response = try await client.send(HTTPRequest(url: server.baseURL))

        #expect(response.header("x-rate-limit") == "5")
        #expect(response.header("X-RATE-LIMIT") == "5")
        #expect(response.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(response.header("Content-Length") == "0")
        #expect(response.header("Missing") == nil)
    }

    @Test func responseOverTheLimitFails() async throws {
        let declared = try LoopbackHTTPServer { _ in .text(String(repeating: "x", count: 2000)) }
        defer { declared.stop() }
        let chunks = String(repeating: "100\r\n" + String(repeating: "y", count: 256) + "\r\n", count: 8)
        let undeclared = try LoopbackHTTPServer { _ in
            .raw(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(chunks)0\r\n\r\n".utf8))
        }
        defer { undeclared.stop() }

        for server in [declared, undeclared] {
            let error = await failure(of: HTTPRequest(url: server.baseURL, maxResponseBytes: 1000))
            #expect(error?.kind == .responseTooLarge)
            #expect(error?.isTransient == false)
        }
        let exact = try await client.send(HTTPRequest(url: declared.baseURL, maxResponseBytes: 2000))
        #expect(exact.body.count == 2000)
        let dechunked = try await client.send(HTTPRequest(url: undeclared.baseURL, maxResponseBytes: 2048))
        #expect(dechunked.body.count == 2048)
    }

    @Test func slowServerTimesOut() async throws {
        let server = try LoopbackHTTPServer { _ in .delay(.seconds(10), then: .ok) }
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now

        let error = await failure(of: HTTPRequest(url: server.baseURL, timeout: .milliseconds(300)))

        #expect(error?.kind == .timeout)
        #expect(error?.isTransient == true)
        // Not before the timeout (a lower bound cannot flake); the server would answer after 10 s.
        #expect(clock.now - start >= .milliseconds(250))
    }

    @Test func stoppedServerRefusesConnections() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        _ = try await client.send(HTTPRequest(url: server.baseURL))
        server.stop()

        let error = await failure(of: HTTPRequest(url: server.baseURL))

        #expect(error?.kind == .couldNotConnect)
        #expect(error?.isTransient == true)
        #expect(error?.origin == "http://127.0.0.1:\(server.port)")
    }

    @Test func droppedOrTruncatedResponsesAreConnectionDrops() async throws {
        let dropping = try LoopbackHTTPServer { _ in .dropConnection }
        defer { dropping.stop() }
        let truncating = try LoopbackHTTPServer { _ in
            .raw(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort".utf8))
        }
        defer { truncating.stop() }

        for server in [dropping, truncating] {
            let error = await failure(of: HTTPRequest(url: server.baseURL))
            #expect(error?.kind == .connectionDropped)
            #expect(error?.isTransient == true)
        }
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/old" ? .status(302, headers: ["Location": "/new"]) : .text("new place")
        }
        defer { server.stop() }

        let response = try await client.send(HTTPRequest(url: server.url("/old")))

        #expect(response.status == 302)
        #expect(response.header("location") == "/new")
        #expect(server.requests.map(\.path) == ["/old"])
    }

    @Test func cancellingTheTaskAbortsAHangingRequestPromptly() async throws {
        let server = try LoopbackHTTPServer { _ in .hang }
        defer { server.stop() }
        let client = client
        let task = Task { try await client.send(HTTPRequest(url: server.baseURL, timeout: .seconds(30))) }
        #expect(await server.waitForRequests(1))
        task.cancel()
        let result = await task.result

        // Ended by the cancellation, not by the request's 30 s timeout (that would be `.timeout`).
        #expect(throws: HTTPClientError.cancelled(origin: "http://127.0.0.1:\(server.port)")) { try result.get() }
    }

    @Test func aTaskCancelledBeforehandSendsNothing() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }
        let client = client

        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: server.baseURL))
        }

        let error = await #expect(throws: HTTPClientError.self) { try await task.value }
        #expect(error?.kind == .cancelled)
        #expect(error?.isCancellation == true)
        #expect(server.requests.isEmpty)
    }

    @Test func manySequentialAndConcurrentRequestsSucceed() async throws {
        let server = try LoopbackHTTPServer { request in .text(request.path) }
        defer { server.stop() }
        let client = client

        for index in 0..<200 {
            let response = try await client.send(HTTPRequest(url: server.url("/seq/\(index)")))
            #expect(response.bodyText == "/seq/\(index)")
        }
        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask { try await client.send(HTTPRequest(url: server.url("/par/\(index)"))).bodyText }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }

        #expect(paths == Set((0..<20).map { "/par/\($0)" }))
        #expect(server.requests.count == 220)
    }

    @Test func invalidRequestsAreRejectedBeforeSending() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }
        let invalid = [
            HTTPRequest(url: "ftp://127.0.0.1:\(server.port)/file"),
            HTTPRequest(url: "file:///etc/passwd"),
            HTTPRequest(url: "not a url"),
            HTTPRequest(url: "/relative/path"),
            HTTPRequest(method: "GET /x", url: server.baseURL),
            HTTPRequest(url: server.baseURL, headers: ["X-Injected": "a\r\nEvil: yes"]),
            HTTPRequest(url: server.baseURL, headers: ["Bad Name": "x"]),
            HTTPRequest(url: server.baseURL, timeout: .zero),
            HTTPRequest(url: server.baseURL, connectTimeout: .milliseconds(-5)),
            HTTPRequest(url: server.baseURL, maxResponseBytes: -1),
        ]

        for request in invalid {
            let error = await failure(of: request)
            #expect(error?.kind == .invalidRequest, "\(request)")
        }
        #expect(server.requests.isEmpty)
    }

    @Test func tlsToAPlainServerIsATLSFailure() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: "https://127.0.0.1:\(server.port)/", timeout: .seconds(3)))

        #expect(error?.kind == .tls)
        #expect(error?.origin == "https://127.0.0.1:\(server.port)")
    }

    @Test(arguments: [LoopbackTLSServer.Behaviour.closesHandshake, .resetsHandshake])
    func aHandshakeTheServerBreaksOffIsATransientTLSFailure(_ behaviour: LoopbackTLSServer.Behaviour) async throws {
        let server = try LoopbackTLSServer(behaviour)
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.url("/"), timeout: .seconds(5)))

        #expect(error?.kind == .tls)
        #expect(error?.tlsFailure == .handshake)
        #expect(error?.isTransient == true)
    }

    @Test func aSelfSignedCertificateIsAPermanentCertificateFailure() async throws {
        let server = try LoopbackTLSServer(.selfSignedCertificate)
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.url("/"), timeout: .seconds(5)))

        #expect(error?.kind == .tls)
        #expect(error?.tlsFailure == .certificate)
        #expect(error?.isTransient == false)
        #expect(error?.description.contains("certificate did not verify") == true)
    }

    @Test func unknownHostsFailNameResolution() async throws {
        let error = await failure(of: HTTPRequest(url: "http://no-such-host.invalid/", timeout: .seconds(3)))

        #expect(error?.kind == .nameResolution || error?.kind == .timeout)
    }

    @Test func errorTextsNeverContainSecrets() async throws {
        let secrets = [
            "123456789:AAEsecretBotToken", "QuerySecret42", "PassSecret77", "HeaderSecret99", "BodySecret55",
        ]
        func request(_ base: String, timeout: Duration = .seconds(5)) -> HTTPRequest {
            let url = base.replacingOccurrences(of: "://", with: "://alice:PassSecret77@")
            return HTTPRequest(
                method: "POST", url: url + "/bot123456789:AAEsecretBotToken/sendMessage?sig=QuerySecret42",
                headers: ["Authorization": "Bearer HeaderSecret99"], body: Array(#"{"t":"BodySecret55"}"#.utf8),
                timeout: timeout, maxResponseBytes: 10)
        }
        let stopped = try LoopbackHTTPServer()
        stopped.stop()
        let slow = try LoopbackHTTPServer { _ in .delay(.seconds(3), then: .ok) }
        defer { slow.stop() }
        let dropping = try LoopbackHTTPServer { _ in .dropConnection }
        defer { dropping.stop() }
        let large = try LoopbackHTTPServer { _ in .text(String(repeating: "z", count: 100)) }
        defer { large.stop() }
        let hanging = try LoopbackHTTPServer { _ in .hang }
        defer { hanging.stop() }

        var errors: [HTTPClientError] = []
        for failing in [
            request(stopped.baseURL), request(slow.baseURL, timeout: .milliseconds(200)), request(dropping.baseURL),
            request(large.baseURL), request("https://127.0.0.1:\(large.port)"), request("ftp://127.0.0.1:1"),
            request("htp:/127.0.0.1"), request("http://no-such-host.invalid", timeout: .seconds(2)),
        ] {
            if let error = await failure(of: failing) { errors.append(error) }
        }
        var injected = request(large.baseURL)
        injected.headers.add("X-Bad", "HeaderSecret99\r\nX: y")
        if let error = await failure(of: injected) { errors.append(error) }
        let client = client
        let task = Task { try await client.send(request(hanging.baseURL)) }
        await hanging.waitForRequests(1)
        task.cancel()
        do {
            _ = try await task.value
        } catch let error as HTTPClientError {
            errors.append(error)
        }

        #expect(errors.count == 10)
        #expect(
            Set(errors.map(\.kind)).isSuperset(of: [
                .couldNotConnect, .timeout, .connectionDropped, .responseTooLarge, .tls, .invalidRequest, .cancelled,
            ]))
        for error in errors {
            var dumped = ""
            dump(error, to: &dumped)
            let texts = [
                "\(error)", String(describing: error), String(reflecting: error), error.localizedDescription, dumped,
                error.detail ?? "",
            ]
            for text in texts {
                for secret in secrets + ["alice", "sendMessage", "sig="] {
                    #expect(!text.contains(secret), "\(error.kind) leaks \(secret)")
                }
            }
        }
    }

    @Test func requestAndResponseTextsNeverContainSecrets() {
        let request = HTTPRequest(
            method: "POST", url: "https://bob:PassSecret77@api.example.com/hooks/T000/B000/XXXSecret?key=QuerySecret42",
            headers: ["Authorization": "Bearer HeaderSecret99"], body: Array("BodySecret55".utf8))
        let response = HTTPResponse(
            status: 200, headers: ["Set-Cookie": "session=CookieSecret"],
            body: Array(#"{"accessToken":"TokenSecret"}"#.utf8))
        var dumped = ""
        dump(request, to: &dumped)
        dump(response, to: &dumped)
        let texts = ["\(request)", String(reflecting: request), "\(response)", String(reflecting: response), dumped]

        for text in texts {
            for secret in [
                "PassSecret77", "XXXSecret", "QuerySecret42", "HeaderSecret99", "BodySecret55", "CookieSecret",
                "TokenSecret", "bob",
            ] {
                #expect(!text.contains(secret))
            }
        }
        #expect("\(request)".contains("https://api.example.com:443"))
    }
}
