import Foundation
import SSOHealingCore
import SSOHealingTestKit

/// The built `sso-self-healing` executable, run the way a user or a service manager runs it.
enum Binary {
    /// The executable's path, next to the test bundle in the build's products directory.
    static let path = BuiltExecutable.path()
    /// The same program with a wall clock pinned by `SSO_SELF_HEALING_TEST_NOW` (tests only).
    static let testbed = BuiltExecutable.path("sso-self-healing-testbed")

    /// Runs the binary to completion.
    static func run(
        _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        try await ProcessRunner.run([path] + arguments, environment: environment, timeout: timeout)
    }
}

/// A daemon (`run`) started in the background, its stderr going to a file.
final class RunningDaemon: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(arguments: [String], environment: [String: String], logPath: String) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["run"] + arguments
        process.environment = environment
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// The daemon's log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits (real time) until `condition` holds, polling every 20 ms. `timeout` only turns a
    /// hang into a failure that says what never happened: it measures nothing, so it is generous.
    func waitFor(_ what: String, timeout: Duration = .seconds(90), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                throw ScenarioError("timed out waiting for \(what); log:\n\(log)\(await stacks())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The threads of the daemon while it runs (see ``ThreadStacks``).
    private func stacks() async -> String {
        process.isRunning ? await ThreadStacks.describe(pid: pid) : ""
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(90)) async throws -> Int32 {
        try await waitFor("exit", timeout: timeout) { !process.isRunning }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A scenario failed in a way worth reading.
struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
