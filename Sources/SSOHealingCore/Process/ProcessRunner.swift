#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion with a deadline, feeding its standard input and collecting its output.
///
/// The program leads a new process group and starts with default signal handling. When the
/// deadline passes or the calling task is cancelled, the whole group is sent `SIGTERM`, then
/// `SIGKILL` a second later, so scripts and whatever they started are gone when `run` returns.
/// The waiting happens on a thread of its own, never on Swift's cooperative pool.
///
/// ```swift
/// let output = try await ProcessRunner.run(
///     ["check_ping", "-H", "10.0.0.1"], environment: ProcessInfo.processInfo.environment, timeout: .seconds(20))
/// print(output.exitStatus ?? -1, output.firstStdoutLine)
/// ```
public enum ProcessRunner {
    /// The longest deadline honoured; longer timeouts are shortened to it.
    static let longestTimeout: Duration = .seconds(366 * 86_400)

    /// Runs `arguments` (the program, then its arguments) and returns how it ended.
    ///
    /// - Parameters:
    ///   - arguments: The program and its arguments. A program without `/` is looked up in the
    ///     `PATH` of `environment`; a relative path is taken from `workingDirectory` when given.
    ///   - stdin: Bytes written to the program's standard input, which is then closed; `nil` closes it at once.
    ///   - environment: The program's whole environment.
    ///   - timeout: How long the program may run before its process group is killed.
    ///   - maxOutputBytes: How much of each of standard output and standard error is kept; the rest is read and dropped.
    ///   - workingDirectory: The directory the program starts in; `nil` keeps the current one.
    /// - Throws: ``ProcessRunnerError`` when the program cannot be found or started; never for how it ended.
    public static func run(
        _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String], timeout: Duration,
        maxOutputBytes: Int = 1 << 20, workingDirectory: String? = nil
    ) async throws(ProcessRunnerError) -> ProcessOutput {
        ignoreBrokenPipeSignal()
        if let workingDirectory, !ExecutableLookup.isDirectory(workingDirectory) {
            throw .invalidWorkingDirectory(workingDirectory)
        }
        let executable = try ExecutableLookup.resolve(
            arguments.first ?? "", searchPath: environment["PATH"], workingDirectory: workingDirectory)
        if Task.isCancelled { return ProcessOutput(exitStatus: nil, timedOut: true, cancelled: true) }
        guard let wakeup = ProcessWakeup() else { throw .spawnFailed(executable, errno: errno) }
        var start = ContinuousClock.now
        let process: SpawnedProcess
        var attempt = 0
        while true {
            do {
                process = try ProcessSpawner.spawn(
                    executable: executable, arguments: arguments, environment: environment,
                    workingDirectory: workingDirectory)
                break
            } catch  where error == .spawnFailed(executable, errno: ETXTBSY) && attempt < 6 {
                // The file is open for writing somewhere, often a descriptor another thread's
                // fork inherited while the file was written; that passes within moments.
                attempt += 1
                try? await Task.sleep(for: .milliseconds(1 << attempt))
                start = ContinuousClock.now
            } catch {
                wakeup.release()
                throw error
            }
        }
        let supervisor = ProcessSupervisor(
            process: process, input: stdin ?? [], start: start, deadline: start + min(timeout, longestTimeout),
            maxOutputBytes: max(0, maxOutputBytes), wakeup: wakeup)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                do {
                    try DetachedThread.start { continuation.resume(returning: supervisor.run()) }
                } catch {
                    // No thread to be had: watch the program from here rather than leave it unwatched.
                    continuation.resume(returning: supervisor.run())
                }
            }
        } onCancel: {
            wakeup.cancel()
        }
    }

    /// Ignores `SIGPIPE` process-wide (once, thread-safely), so writing to a closed pipe fails with
    /// `EPIPE` instead of killing the program. `run` calls it; so should anything writing to pipes.
    public static func ignoreBrokenPipeSignal() {
        _ = brokenPipeSignalIgnored
    }

    private static let brokenPipeSignalIgnored: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()
}
