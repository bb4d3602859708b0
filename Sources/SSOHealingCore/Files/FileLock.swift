#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock on a file (`flock`), held by an open descriptor: the kernel drops
/// it when the process dies, so a crashed holder never leaves a stale lock and a reused PID
/// cannot fake one.
public final class FileLock: @unchecked Sendable {
    // The descriptor is only touched by `init`, `unlock` and `deinit`, never concurrently.
    private var descriptor: Int32

    /// Opens (creating, mode 0600) `path` and waits for the exclusive lock.
    public init(path: String) throws(AtomicFile.WriteError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw AtomicFile.WriteError(path: path, reason: reason)
            }
        }
    }

    /// Opens `path` and takes the lock only if nobody holds it; `nil` when someone does.
    public static func tryLock(path: String) throws(AtomicFile.WriteError) -> FileLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return FileLock(descriptor: descriptor)
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Releases the lock now (it is also released when the value is dropped).
    public func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}
