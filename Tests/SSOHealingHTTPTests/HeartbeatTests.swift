import Foundation
import InMemoryLogging
import Logging
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

@testable import SSOHealingCore

@Suite struct HeartbeatTests {
    @Test func failAndStartGoAtTheEndOfThePathBeforeTheQuery() {
        let base = "https://hc-ping.com/0b6c3e1e"
        #expect(Heartbeat.url(base, for: .success) == base)
        #expect(Heartbeat.url(base, for: .failure) == "https://hc-ping.com/0b6c3e1e/fail")
        #expect(Heartbeat.url(base + "/", for: .start) == "https://hc-ping.com/0b6c3e1e/start")
        #expect(Heartbeat.url(base + "?rid=1&x=2", for: .failure) == "https://hc-ping.com/0b6c3e1e/fail?rid=1&x=2")
        #expect(Heartbeat.url("http://h:8000/ping/k#frag", for: .failure) == "http://h:8000/ping/k/fail#frag")
    }

    @Test func successOnlyWhenEveryTargetIsOk() {
        func outcome(_ state: HealthState, result: HealthState? = nil) -> ProbeOutcome {
            ProbeOutcome(
                name: "p", result: ProbeResult(state: result ?? state, summary: "s"), state: state, event: nil)
        }
        #expect(Heartbeat.signal(for: []) == .success)
        #expect(Heartbeat.signal(for: [outcome(.ok), outcome(.ok, result: .expired)]) == .success)
        #expect(Heartbeat.signal(for: [outcome(.ok), outcome(.degraded)]) == .failure)
        #expect(Heartbeat.signal(for: [outcome(.unknown, result: .ok)]) == .success)
        #expect(Heartbeat.signal(for: [outcome(.unknown, result: .unknown)]) == .failure)
    }

    @Test func aFailedPingIsLoggedWithoutTheURLAndReturnsFalse() async throws {
        let server = try LoopbackHTTPServer { _ in .status(500) }
        defer { server.stop() }
        let recorder = InMemoryLogHandler()
        let heartbeat = Heartbeat(
            url: server.url("/ping/secret-key-123"), timeout: .seconds(2), logger: Logger(label: "t") { _ in recorder })
        #expect(await heartbeat.ping(.failure) == false)
        #expect(server.requests.map(\.path) == ["/ping/secret-key-123/fail"])
        server.handler = { _ in .text("OK") }
        #expect(await heartbeat.ping(.success) == true)
        server.stop()
        #expect(await heartbeat.ping(.success) == false)
        let lines = recorder.entries.map { "\($0.message) \($0.metadata)" }
        #expect(lines.contains { $0.contains("heartbeat ping failed: the server answered HTTP 500") })
        #expect(lines.contains { $0.contains("could not connect") })
        #expect(!lines.contains { $0.contains("secret-key-123") || $0.contains("127.0.0.1") })
    }
}
