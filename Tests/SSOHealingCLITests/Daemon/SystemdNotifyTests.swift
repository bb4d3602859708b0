import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Synchronization
import Testing

@testable import SSOHealingCLI

/// A datagram socket the test binds, as systemd's notification socket: collects every datagram.
final class NotifySocket: Sendable {
    /// What arrived, in order.
    final class Inbox: Sendable {
        let messages = Mutex<[String]>([])
    }

    let address: String
    private let fd: Int32
    private let inbox = Inbox()
    private let done = DispatchSemaphore(value: 0)

    /// Binds `address`: a path, or `@name` in the abstract namespace.
    init(address: String) throws {
        self.address = address
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0, let bytes = SystemdNotify.address(for: address) else {
            throw ScenarioError("cannot make a datagram socket")
        }
        let bound = bytes.withUnsafeBytes { raw in
            bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        guard bound == 0 else { throw ScenarioError("cannot bind \(address): errno \(errno)") }
        self.fd = fd
        let inbox = inbox
        let done = done
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                let text = String(decoding: buffer[..<count], as: UTF8.self)
                inbox.messages.withLock { $0.append(text) }
            }
            done.signal()
        }
    }

    var received: [String] { inbox.messages.withLock { $0 } }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        done.wait()
        #if canImport(Glibc)
            Glibc.close(fd)
        #else
            Darwin.close(fd)
        #endif
    }
}

/// `run` under a service manager: the `sd_notify` protocol over the datagram socket in
/// `NOTIFY_SOCKET`, through the real binary.
@Suite(.serialized) struct SystemdNotifyTests {
    @Test func addressesArePathsOrAbstractNamesAndNothingElse() throws {
        let path = try #require(SystemdNotify.address(for: "/run/user/1000/systemd/notify"))
        #expect(path.count == 2 + "/run/user/1000/systemd/notify".utf8.count + 1, "family, path and its NUL")
        #expect(path.last == 0)
        let abstract = try #require(SystemdNotify.address(for: "@sso/notify"))
        #expect(abstract.count == 2 + "@sso/notify".utf8.count, "family, NUL and the name, no terminator")
        #expect(abstract[2] == 0 && Array(abstract[3...]) == Array("sso/notify".utf8))
        #expect(SystemdNotify.address(for: "") == nil)
        #expect(SystemdNotify.address(for: "relative/notify") == nil)
        #expect(SystemdNotify.address(for: "@") == nil)
        #expect(SystemdNotify.address(for: "/" + String(repeating: "x", count: 200)) == nil)
    }

    @Test func theWatchdogIsHalfItsTimeoutAndOnlyForThisProcess() {
        #expect(SystemdNotify.watchdogInterval(environment: ["WATCHDOG_USEC": "300000000"], pid: 7) == .seconds(150))
        #expect(
            SystemdNotify.watchdogInterval(environment: ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "7"], pid: 7)
                == .microseconds(500))
        #expect(
            SystemdNotify.watchdogInterval(environment: ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "8"], pid: 7) == nil)
        #expect(SystemdNotify.watchdogInterval(environment: ["WATCHDOG_USEC": "0"], pid: 7) == nil)
        #expect(SystemdNotify.watchdogInterval(environment: [:], pid: 7) == nil)
    }

    /// Indices of the messages that start with `prefix`.
    func indices(of prefix: String, in messages: [String]) -> [Int] {
        messages.indices.filter { messages[$0].hasPrefix(prefix) }
    }

    @Test func readyThenStatusAfterEachCycleWatchdogPingsBetweenThemAndStoppingOnSIGTERM() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let socket = try NotifySocket(address: scenario.directory.file("notify.sock"))
        defer { socket.close() }
        var environment = scenario.environment
        environment["NOTIFY_SOCKET"] = socket.address
        // Pings every 50 ms, against cycles every second: several between two cycles.
        environment["WATCHDOG_USEC"] = "100000"
        environment.removeValue(forKey: "WATCHDOG_PID")
        let daemon = try RunningDaemon(
            arguments: [], environment: environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("three cycles") { indices(of: "STATUS=", in: socket.received).count >= 3 }
        try scenario.setProbe(.expired)
        try await daemon.waitFor("a cycle that finds vpn expired") {
            socket.received.contains("STATUS=1 of 1 target not ok: vpn expired (vpn scripted state 2)")
        }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)

        let messages = socket.received
        #expect(messages.first == "READY=1")
        #expect(messages.last == "STOPPING=1")
        #expect(messages.filter { $0 == "READY=1" }.count == 1)
        let statuses = indices(of: "STATUS=", in: messages)
        #expect(messages[statuses[0]] == "STATUS=1 target ok")
        let pings = indices(of: "WATCHDOG=1", in: messages)
        for (before, after) in zip(statuses, statuses.dropFirst()) {
            #expect(pings.contains { $0 > before && $0 < after }, "a watchdog ping between two cycles: \(messages)")
        }
        #expect(
            messages.allSatisfy {
                $0 == "READY=1" || $0 == "STOPPING=1" || $0 == "WATCHDOG=1" || $0.hasPrefix("STATUS=")
            }, "nothing but the four kinds: \(messages)")
    }

    @Test func anAbstractSocketWithoutAWatchdogGetsNoPingsAndARedactedStatus() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        // A secret of the configuration that the probe's summary quotes: STATUS= must not carry it.
        let secret = "sd-secret-7c1e95"
        try scenario.writeConfig(
            daemon: "interval = \"1s\"\njitter = \"0\"\nheartbeat_url = \"http://127.0.0.1:9/ping/\(secret)\"")
        try scenario.directory.write(
            "probe-vpn.sh", "#!/bin/sh\necho \"vpn down via \(secret)\"\nexit 1\n", mode: 0o755)
        // Unique without chance: the scenario's own temporary folder names it.
        let name =
            "@sso-self-healing-test-"
            + (scenario.directory.path.split(separator: "/").last.map(String.init) ?? "\(getpid())")
        let socket = try NotifySocket(address: name)
        defer { socket.close() }
        var environment = scenario.environment
        environment["NOTIFY_SOCKET"] = name
        environment.removeValue(forKey: "WATCHDOG_USEC")
        let daemon = try RunningDaemon(
            arguments: [], environment: environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("two cycles") { indices(of: "STATUS=", in: socket.received).count >= 2 }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let messages = socket.received
        #expect(messages.first == "READY=1" && messages.last == "STOPPING=1")
        #expect(!messages.contains("WATCHDOG=1"))
        #expect(messages.contains("STATUS=1 of 1 target not ok: vpn degraded (vpn down via <redacted>)"), "\(messages)")
        #expect(!messages.contains { $0.contains(secret) })
        #expect(!daemon.log.contains(secret))
    }
}
