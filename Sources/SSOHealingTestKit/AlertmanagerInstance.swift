import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A real Prometheus Alertmanager (the Debian package `prometheus-alertmanager`) listening on a
/// free loopback port, with its own storage directory and a configuration that routes every
/// alert to a receiver that sends nothing. Clustering is off, so two instances are independent
/// replicas, each knowing only what it was sent.
///
/// ```swift
/// let alertmanager = try await AlertmanagerInstance.start()
/// defer { alertmanager.stop() }
/// let alerts = try await alertmanager.alerts()
/// ```
public final class AlertmanagerInstance: @unchecked Sendable {
    /// The Debian package that provides the binary.
    public static let debianPackage = "prometheus-alertmanager"

    /// The port of the web API on 127.0.0.1.
    public let port: Int
    private let process: BackgroundProcess
    private let directory: TemporaryDirectory

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The path of the Alertmanager binary, or an error naming the package to install.
    public static func binaryPath() throws -> String {
        for candidate in ["/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        for name in ["prometheus-alertmanager", "alertmanager"] {
            if let path = try? ProcessRunner.executablePath(for: name, environment: ProcessInfo.processInfo.environment)
            {
                return path
            }
        }
        throw AlertmanagerInstanceError(
            "prometheus-alertmanager is not installed: install the Debian package \(debianPackage) "
                + "(apt-get install \(debianPackage), or scripts/lib.sh ensure_test_dependencies)")
    }

    /// Starts an instance and waits until `/-/ready` answers.
    public static func start(timeout: Duration = .seconds(20)) async throws -> AlertmanagerInstance {
        let instance = try AlertmanagerInstance()
        try await instance.waitUntilReady(timeout: timeout)
        return instance
    }

    private init() throws {
        let binary = try Self.binaryPath()
        directory = try TemporaryDirectory(prefix: "sso-self-healing-alertmanager")
        port = try Self.freePort()
        let config = try directory.write(
            "alertmanager.yml",
            """
            route:
              receiver: "null"
            receivers:
              - name: "null"
            """)
        try FileManager.default.createDirectory(atPath: directory.file("data"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory.file("alertmanager.log"), contents: nil)
        process = try BackgroundProcess(
            executable: binary,
            arguments: [
                "--config.file=\(config)", "--storage.path=\(directory.file("data"))",
                "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
            ],
            environment: ProcessInfo.processInfo.environment, outputPath: directory.file("alertmanager.log"))
    }

    /// What the instance logged so far.
    public var log: String {
        (try? String(contentsOfFile: directory.file("alertmanager.log"), encoding: .utf8)) ?? ""
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw AlertmanagerInstanceError("alertmanager exited with status \(process.terminationStatus): \(log)")
            }
            if let response = try? await HTTPClient().send(
                HTTPRequest(url: baseURL + "/-/ready", timeout: .seconds(2), connectTimeout: .seconds(1))),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw AlertmanagerInstanceError("alertmanager on port \(port) not ready after \(timeout): \(log)")
    }

    /// The alerts `GET /api/v2/alerts` lists (those not yet resolved), as JSON objects.
    public func alerts() async throws -> [JSONValue] {
        let response = try await HTTPClient().send(HTTPRequest(url: baseURL + "/api/v2/alerts"))
        guard response.status == 200, let alerts = JSONValue.parse(response.bodyText)?.arrayValue else {
            throw AlertmanagerInstanceError("GET /api/v2/alerts answered \(response.status): \(response.bodyText)")
        }
        return alerts
    }

    /// Polls ``alerts()`` until `condition` holds for them (real time); returns them.
    @discardableResult
    public func waitForAlerts(
        _ what: String, timeout: Duration = .seconds(10), _ condition: ([JSONValue]) -> Bool
    ) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        var alerts = try await alerts()
        while !condition(alerts) {
            guard ContinuousClock.now < deadline else {
                throw AlertmanagerInstanceError("timed out waiting for \(what); alerts: \(alerts)")
            }
            try await Task.sleep(for: .milliseconds(50))
            alerts = try await self.alerts()
        }
        return alerts
    }

    /// Stops the instance (SIGTERM, then SIGKILL after 5 s) and removes its files.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        directory.remove()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private static func freePort() throws -> Int {
        let (fd, port) = try LoopbackSocket.makeListener(port: 0)
        close(fd)
        return port
    }
}

/// Starting or querying an ``AlertmanagerInstance`` failed.
public struct AlertmanagerInstanceError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// The string values of an object, e.g. an alert's `labels`.
    public var stringDictionary: [String: String] {
        guard case .object(let pairs) = self else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in pairs { if let text = value.stringValue { result[key] = text } }
        return result
    }
}
