#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Both ends of a pipe, close-on-exec, numbered above the standard descriptors.
///
/// Keeping clear of 0, 1 and 2 matters when the daemon runs with one of them closed: the child's
/// `dup2` onto 0–2 must never overwrite another of its pipe ends.
struct PipePair {
    /// The end to read from.
    var read: Int32
    /// The end to write to.
    var write: Int32

    /// A new pipe; `nil` with `errno` set when the system has no descriptors to spare.
    static func make() -> PipePair? {
        var ends: [Int32] = [-1, -1]
        #if os(Linux)
            if let pipe2 = LibcExtensions.pipe2 {
                guard pipe2(&ends, O_CLOEXEC) == 0 else { return nil }
            } else {
                guard pipe(&ends) == 0 else { return nil }
                markCloseOnExec(ends)
            }
        #else
            guard pipe(&ends) == 0 else { return nil }
            markCloseOnExec(ends)
        #endif
        guard let read = raise(ends[0]) else {
            let saved = errno
            close(ends[1])
            errno = saved
            return nil
        }
        guard let write = raise(ends[1]) else {
            let saved = errno
            close(read)
            errno = saved
            return nil
        }
        return PipePair(read: read, write: write)
    }

    /// Sets `O_NONBLOCK` on `descriptor`.
    static func setNonBlocking(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
    }

    private static func markCloseOnExec(_ ends: [Int32]) {
        for descriptor in ends { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    }

    /// `descriptor` moved to 3 or above (closing the original), or itself when it already is.
    private static func raise(_ descriptor: Int32) -> Int32? {
        guard descriptor < 3 else { return descriptor }
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        let saved = errno
        close(descriptor)
        errno = saved
        return moved >= 0 ? moved : nil
    }
}
