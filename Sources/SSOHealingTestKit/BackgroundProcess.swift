import Synchronization

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A program left running in the background: standard input from `/dev/null`, standard output
/// and error written to one file, the caller's environment, default signal handling.
final class BackgroundProcess: Sendable {
    /// The program's process id.
    let processIdentifier: pid_t
    /// The raw `waitpid` status once the program was reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` (a path) with `arguments` (without `argv[0]`), writing its output to
    /// the existing file `outputPath` from its start.
    init(
        executable: String, arguments: [String], environment: [String: String], outputPath: String
    )
        throws(BackgroundProcessError)
    {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Darwin)
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #else
            if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in envp { free(variable) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw BackgroundProcessError(executable: executable, code: status) }
        processIdentifier = pid
    }

    /// Whether the program has not exited yet (it is reaped as soon as it has).
    var isRunning: Bool {
        reaped.withLock { reaped in
            guard reaped == nil else { return false }
            var raw: Int32 = 0
            let result = waitpid(processIdentifier, &raw, WNOHANG)
            if result == processIdentifier { reaped = raw }
            // -1: someone else reaped it, so it is gone all the same.
            return result == 0
        }
    }

    /// The exit status, or the number of the signal that ended the program; 0 while it runs.
    var terminationStatus: Int32 {
        guard let raw = reaped.withLock({ $0 }) else { return 0 }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : signal
    }

    /// Sends `SIGTERM`.
    func terminate() {
        kill(processIdentifier, SIGTERM)
    }

    /// Waits until the program has exited and reaps it.
    func waitUntilExit() {
        reaped.withLock { reaped in
            guard reaped == nil else { return }
            var raw: Int32 = 0
            while true {
                let result = waitpid(processIdentifier, &raw, 0)
                if result == processIdentifier { reaped = raw }
                if result >= 0 || errno != EINTR { return }
            }
        }
    }

    #if os(Linux)
        private typealias AddCloseFrom =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

        /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), which `Glibc` does not export:
        /// the child closes every descriptor from 3 up.
        private static let addCloseFrom: AddCloseFrom? = {
            guard let address = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else {
                return nil
            }
            return unsafeBitCast(address, to: AddCloseFrom.self)
        }()
    #endif
}

/// A ``BackgroundProcess`` could not be started.
struct BackgroundProcessError: Error, CustomStringConvertible {
    /// The program.
    var executable: String
    /// The `posix_spawn` error number.
    var code: Int32

    var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
}
