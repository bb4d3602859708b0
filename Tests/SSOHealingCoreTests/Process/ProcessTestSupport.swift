import Foundation
import SSOHealingTestKit

/// The test process's environment, which has a `PATH` with bash and coreutils.
let testEnvironment = ProcessInfo.processInfo.environment

/// Writes an executable bash script named `name` into `directory` and returns its path.
@discardableResult
func writeScript(_ name: String, in directory: TemporaryDirectory, _ body: String) throws -> String {
    try directory.write(name, "#!/bin/bash\n" + body + "\n", mode: 0o755)
}

/// Whether `pid` names a live process (a zombie counts as dead: it runs nothing).
func isRunning(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")"), stat.distance(from: end, to: stat.endIndex) > 2
        else { return false }
        let state = stat[stat.index(end, offsetBy: 2)]
        return state != "Z" && state != "X"
    #else
        return true
    #endif
}

/// Waits until `pid` is gone; whether it went. `limit` only bounds the wait for a process that
/// stays (a failure), it measures nothing.
func waitUntilGone(_ pid: pid_t, within limit: Duration = .seconds(60)) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if !isRunning(pid) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return !isRunning(pid)
}

/// The process id a script wrote to `path`, once it has, up to `limit`.
func readPID(_ path: String, within limit: Duration = .seconds(5)) async -> pid_t? {
    let deadline = ContinuousClock.now + limit
    while true {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            return pid
        }
        guard ContinuousClock.now < deadline else { return nil }
        try? await Task.sleep(for: .milliseconds(10))
    }
}
