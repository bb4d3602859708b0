#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Starts a program with `posix_spawn` as the leader of a new process group, with default signal
/// handling, an empty signal mask and pipes for its standard streams.
enum ProcessSpawner {
    /// Starts `executable` (an absolute path) with `arguments` (the first one is its `argv[0]`).
    static func spawn(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String?
    ) throws(ProcessRunnerError) -> SpawnedProcess {
        var pipes: [PipePair] = []
        func fail(_ number: Int32) -> ProcessRunnerError {
            for pipe in pipes {
                close(pipe.read)
                close(pipe.write)
            }
            return .spawnFailed(executable, errno: number)
        }
        for _ in 0..<3 {
            guard let pipe = PipePair.make() else { throw fail(errno) }
            pipes.append(pipe)
        }
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])

        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        // dup2 clears close-on-exec on the copies; the originals (all above 2) close at exec.
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if os(Linux)
            // Descriptors other code in the daemon opened without close-on-exec stay out of the child.
            if let addCloseFrom = LibcExtensions.addCloseFrom { _ = addCloseFrom(&actions, 3) }
            if let workingDirectory {
                guard let addChdir = LibcExtensions.addChdir else { throw fail(ENOSYS) }
                let status = addChdir(&actions, workingDirectory)
                guard status == 0 else { throw fail(status) }
            }
        #else
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
            if let workingDirectory {
                let status = posix_spawn_file_actions_addchdir_np(&actions, workingDirectory)
                guard status == 0 else { throw fail(status) }
            }
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in envp { free(variable) } }

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw fail(status) }

        close(input.read)
        close(output.write)
        close(errors.write)
        PipePair.setNonBlocking(input.write)
        PipePair.setNonBlocking(output.read)
        PipePair.setNonBlocking(errors.read)
        return SpawnedProcess(pid: pid, stdin: input.write, stdout: output.read, stderr: errors.read)
    }
}
