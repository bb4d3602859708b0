import Foundation
import SSOHealingCore

/// Where every thread of a process that hangs is: gdb's backtraces, so that a hang seen once in a
/// test can be read, not only retried.
public enum ThreadStacks {
    /// gdb's `thread apply all bt` of `pid`, under a heading; empty when gdb is not installed, and
    /// a note when it cannot attach (no ptrace permission, or the process is gone). Frames show
    /// functions and lines, never argument values, so no secret the process holds is printed.
    public static func describe(pid: Int32) async -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let gdb = try? ProcessRunner.executablePath(for: "gdb", environment: environment) else { return "" }
        let output = try? await ProcessRunner.run(
            [
                gdb, "-p", "\(pid)", "-batch", "-nx", "-ex", "set print frame-arguments none", "-ex",
                "thread apply all bt 40",
            ],
            environment: environment, timeout: .seconds(60))
        guard let output else { return "\n(gdb could not attach to \(pid))" }
        return "\nthreads of process \(pid) (gdb):\n\(output.stdoutText)\(output.stderrText)"
    }
}
