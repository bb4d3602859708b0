#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Watches one spawned program on a thread of its own: feeds its standard input, collects its
/// output, enforces the deadline and cancellation, and reaps it.
///
/// Stopping sends `SIGTERM` to the program's whole process group, then `SIGKILL` after
/// ``killGrace``; the group is sent `SIGKILL` again just before the leader is reaped (while its id
/// cannot be reused), so a grandchild that ignores `SIGTERM` does not outlive the run.
struct ProcessSupervisor: Sendable {
    /// How long a stopped program gets between `SIGTERM` and `SIGKILL`.
    static let killGrace: Duration = .seconds(1)
    /// How long output is still read after the program exited, for descendants holding its pipes.
    static let drainGrace: Duration = .milliseconds(200)
    /// The longest pause between checks for the program's exit.
    static let maximumExitCheckInterval: Duration = .milliseconds(50)

    let process: SpawnedProcess
    let input: [UInt8]
    let start: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    let maxOutputBytes: Int
    let wakeup: ProcessWakeup

    /// Runs until the program is reaped and its output collected; blocks the calling thread.
    func run() -> ProcessOutput {
        let clock = ContinuousClock()
        let pid = process.pid
        var inputEnd = process.stdin
        var written = 0
        var output = OutputCollector(descriptor: process.stdout, limit: maxOutputBytes)
        var errors = OutputCollector(descriptor: process.stderr, limit: maxOutputBytes)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var status: WaitStatus?
        var exitedAt = start
        var stopping = false
        var cancelled = false
        var killAt = deadline
        var killed = false
        var exitCheckInterval = Duration.milliseconds(1)

        func closeInput() {
            if inputEnd >= 0 { close(inputEnd) }
            inputEnd = -1
        }
        if input.isEmpty { closeInput() }

        while true {
            if status == nil, leaderHasExited(pid) {
                if stopping { kill(-pid, SIGKILL) }
                status = reap(pid)
                exitedAt = clock.now
            }
            let now = clock.now
            let wakeAt: ContinuousClock.Instant
            if status != nil {
                if !output.isOpen && !errors.isOpen { break }
                wakeAt = exitedAt + Self.drainGrace
                if now >= wakeAt { break }
            } else {
                if !stopping, wakeup.isCancelled || now >= deadline {
                    stopping = true
                    cancelled = wakeup.isCancelled
                    kill(-pid, SIGTERM)
                    killAt = now + Self.killGrace
                    closeInput()
                }
                if stopping, !killed, now >= killAt {
                    kill(-pid, SIGKILL)
                    killed = true
                }
                var next = now + exitCheckInterval
                if !stopping { next = min(next, deadline) } else if !killed { next = min(next, killAt) }
                wakeAt = next
            }

            var descriptors = [pollfd(fd: wakeup.readEnd, events: Int16(POLLIN), revents: 0)]
            if inputEnd >= 0 { descriptors.append(pollfd(fd: inputEnd, events: Int16(POLLOUT), revents: 0)) }
            if output.isOpen { descriptors.append(pollfd(fd: output.descriptor, events: Int16(POLLIN), revents: 0)) }
            if errors.isOpen { descriptors.append(pollfd(fd: errors.descriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(from: now, to: wakeAt))
            if ready == 0, status == nil {
                exitCheckInterval = min(exitCheckInterval * 2, Self.maximumExitCheckInterval)
            }
            guard ready > 0 else { continue }
            for descriptor in descriptors where descriptor.revents != 0 {
                switch descriptor.fd {
                case wakeup.readEnd:
                    wakeup.drain()
                case inputEnd:
                    if !write(&written, to: inputEnd) { closeInput() }
                case output.descriptor:
                    output.readAvailable(using: &buffer)
                    if !output.isOpen { exitCheckInterval = .milliseconds(1) }
                default:
                    errors.readAvailable(using: &buffer)
                    if !errors.isOpen { exitCheckInterval = .milliseconds(1) }
                }
            }
        }

        closeInput()
        output.close()
        errors.close()
        wakeup.release()
        let ended = status ?? WaitStatus()
        return ProcessOutput(
            exitStatus: ended.exitStatus, signal: ended.signal, stdout: output.bytes, stderr: errors.bytes,
            timedOut: stopping, cancelled: cancelled, duration: start.duration(to: exitedAt))
    }

    /// Writes what the pipe takes; `false` when standard input is done (all written, or the reader is gone).
    private func write(_ written: inout Int, to descriptor: Int32) -> Bool {
        let count = input.withUnsafeBytes { bytes in
            SystemIO.write(descriptor, bytes.baseAddress! + written, count: bytes.count - written)
        }
        if count > 0 {
            written += count
            return written < input.count
        }
        // EPIPE: the program exited or closed its input without reading it all, which is its business.
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    }

    /// Whether the leader has exited, leaving it unreaped so its id stays reserved.
    private func leaderHasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        while true {
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
                #if os(Linux)
                    return info._sifields._kill.si_pid != 0
                #else
                    return info.si_pid != 0
                #endif
            }
            // ECHILD: someone else reaped it (SIGCHLD ignored process-wide); nothing left to wait for.
            if errno != EINTR { return true }
        }
    }

    /// Reaps the leader; `nil`-valued status when someone else already did.
    private func reap(_ pid: pid_t) -> WaitStatus {
        var raw: Int32 = 0
        while true {
            if waitpid(pid, &raw, 0) == pid { return WaitStatus(raw: raw) }
            if errno != EINTR { return WaitStatus() }
        }
    }

    /// The poll timeout from `now` to `instant`, rounded up to whole milliseconds.
    private static func milliseconds(from now: ContinuousClock.Instant, to instant: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = now.duration(to: instant).components
        guard seconds >= 0, seconds < 86_400 else { return seconds < 0 ? 0 : 86_400_000 }
        let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(seconds * 1_000 + partial)
    }
}
