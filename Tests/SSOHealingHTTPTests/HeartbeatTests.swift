import Foundation
import InMemoryLogging
import Logging
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

@testable import SSOHealingCore

@Suite struct HeartbeatTests {
    @Test func exitStatusAndStartGoAtTheEndOfThePathBeforeTheQuery() {
        let base = "https://hc-ping.com/0b6c3e1e"
        #expect(Heartbeat.url(base, for: .success) == base)
        #expect(Heartbeat.url(base, for: .failure(exitStatus: 2)) == "https://hc-ping.com/0b6c3e1e/2")
        #expect(Heartbeat.url(base + "/", for: .start) == "https://hc-ping.com/0b6c3e1e/start")
        #expect(
            Heartbeat.url(base + "?rid=1&x=2", for: .failure(exitStatus: 1))
                == "https://hc-ping.com/0b6c3e1e/1?rid=1&x=2")
        #expect(
            Heartbeat.url("http://h:8000/ping/k#frag", for: .failure(exitStatus: 3)) == "http://h:8000/ping/k/3#frag")
    }

    @Test func successOnlyWhenEveryTargetIsOkElseCheckExitStatus() {
        func outcome(_ state: HealthState, result: HealthState? = nil) -> ProbeOutcome {
            ProbeOutcome(
                name: "p", result: ProbeResult(state: result ?? state, summary: "s"), state: state, event: nil)
        }
        #expect(Heartbeat.signal(for: []) == .success)
        #expect(Heartbeat.signal(for: [outcome(.ok), outcome(.ok, result: .expired)]) == .success)
        #expect(Heartbeat.signal(for: [outcome(.ok), outcome(.degraded)]) == .failure(exitStatus: 1))
        #expect(Heartbeat.signal(for: [outcome(.degraded), outcome(.expired)]) == .failure(exitStatus: 2))
        #expect(Heartbeat.signal(for: [outcome(.unknown, result: .ok)]) == .success)
        #expect(Heartbeat.signal(for: [outcome(.unknown, result: .expired)]) == .failure(exitStatus: 2))
    }

    @Test func aFailedPingIsLoggedWithoutTheURLAndReturnsFalse() async throws {
        let server = try LoopbackHTTPServer { _ in .status(500) }
        defer { server.stop() }
        let recorder = InMemoryLogHandler()
        let heartbeat = Heartbeat(
            url: server.url("/ping/secret-key-123"), timeout: .seconds(2), logger: Logger(label: "t") { _ in recorder })
        #expect(await heartbeat.ping(.failure(exitStatus: 2)) == false)
        #expect(server.requests.map(\.path) == ["/ping/secret-key-123/2"])
        server.handler = { _ in .text("OK") }
        #expect(await heartbeat.ping(.success) == true)
        server.stop()
        #expect(await heartbeat.ping(.success) == false)
        let lines = recorder.entries.map { "\($0.message) \($0.metadata)" }
        #expect(lines.contains { $0.contains("heartbeat ping failed: the server answered HTTP 500") })
        #expect(lines.contains { $0.contains("could not connect") })
        #expect(!lines.contains { $0.contains("secret-key-123") || $0.contains("127.0.0.1") })
    }

    @Test func aPingWithABodyIsAPostCutAtTenThousandBytesOnACharacterBoundary() async throws {
        let server = try LoopbackHTTPServer { _ in .text("OK") }
        defer { server.stop() }
        let heartbeat = Heartbeat(url: server.url("/ping/k"), logger: Logger(label: "t"))
        #expect(await heartbeat.ping(.failure(exitStatus: 1), body: "vpn degraded (timeout)") == true)
        // 9,999 ASCII bytes then a 3-byte character: the character does not fit, so it is left out whole.
        let long = String(repeating: "a", count: 9_999) + "€" + String(repeating: "b", count: 50)
        #expect(await heartbeat.ping(.success, body: long) == true)
        let requests = server.requests
        #expect(requests.map(\.method) == ["POST", "POST"])
        #expect(requests.map(\.path) == ["/ping/k/1", "/ping/k"])
        #expect(requests[0].bodyText == "vpn degraded (timeout)")
        #expect(requests[1].body.count == 9_999)
        #expect(requests[1].bodyText == String(repeating: "a", count: 9_999))
        #expect(Heartbeat.body("short €") == Array("short €".utf8))
    }

    @Test func theSenderNeverWaitsSendsOneAtATimeAndANewerPingReplacesAWaitingOne() async throws {
        let release = DispatchSemaphore(value: 0)
        let server = try LoopbackHTTPServer { request in
            if request.path.hasSuffix("/start") { release.wait() }
            return .text("OK")
        }
        defer { server.stop() }
        let heartbeat = Heartbeat(url: server.url("/ping/k"), logger: Logger(label: "t"))
        let sender = HeartbeatSender(logger: Logger(label: "t"))
        sender.submit(heartbeat, .start)
        // The first ping hangs at the server; submitting more returns at once all the same.
        #expect(await server.waitForRequests(1))
        sender.submit(heartbeat, .failure(exitStatus: 2))
        sender.submit(heartbeat, .failure(exitStatus: 1))
        sender.submit(heartbeat, .success, body: "all 1 targets ok")
        #expect(server.requests.map(\.path) == ["/ping/k/start"])
        release.signal()
        await sender.flush()
        // The waiting slot held only the newest: /2 and /1 were replaced before they went out.
        #expect(server.requests.map(\.path) == ["/ping/k/start", "/ping/k"])
        #expect(server.requests.last?.bodyText == "all 1 targets ok")
        // Idle again: the next ping goes at once.
        sender.submit(heartbeat, .failure(exitStatus: 2))
        await sender.flush()
        #expect(server.requests.map(\.path) == ["/ping/k/start", "/ping/k", "/ping/k/2"])
    }
}
