import Foundation

/// A program under test left running in the background (the daemon, `login`): standard input
/// from `/dev/null`, its output in a file the test reads, no descriptor of the test's inherited.
/// Killed when dropped, if it still runs.
public final class BackgroundProgram: Sendable {
    private let process: BackgroundProcess
    /// The file its standard output and error go to.
    public let logPath: String

    /// Starts `executable` with `arguments`, its output to a new `logPath`.
    public init(executable: String, arguments: [String], environment: [String: String], logPath: String) throws {
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw BackgroundProgramError("cannot create \(logPath)")
        }
        self.logPath = logPath
        process = try BackgroundProcess(
            executable: executable, arguments: arguments, environment: environment, outputPath: logPath)
    }

    /// Its process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it has not exited yet.
    public var isRunning: Bool { process.isRunning }

    /// What it wrote so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends it `number`.
    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits (real time, polling every 20 ms) until `condition` holds. `timeout` only turns a hang
    /// into a failure that says what never happened, with the log and, while the program runs,
    /// where its threads are (``ThreadStacks``): it measures nothing, so it is generous.
    public func waitFor(_ what: String, timeout: Duration = .seconds(90), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                let stacks = isRunning ? await ThreadStacks.describe(pid: pid) : ""
                throw BackgroundProgramError("never happened: \(what); log:\n\(log)\(stacks)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for it to exit; its exit status (or the signal that ended it).
    public func waitForExit(timeout: Duration = .seconds(90)) async throws -> Int32 {
        try await waitFor("exit", timeout: timeout) { !isRunning }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// A background program could not start, or did not do what a test waited for.
public struct BackgroundProgramError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
