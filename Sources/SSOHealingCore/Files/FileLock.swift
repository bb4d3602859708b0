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
        descriptor = try Self.openLockFile(path)
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
        let descriptor = try openLockFile(path)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return FileLock(descriptor: descriptor)
    }

    /// Opens `path` without ever following a symbolic link: an existing regular file as it is,
    /// a missing one created exclusively (0600). A symbolic link, even a dangling one, is an
    /// error, so whatever it points to is never created or opened.
    private static func openLockFile(_ path: String) throws(AtomicFile.WriteError) -> Int32 {
        var attempts = 0
        while true {
            attempts += 1
            var descriptor = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
            if descriptor < 0, errno == ENOENT {
                descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
                // Created by someone else in between: open theirs.
                if descriptor < 0, errno == EEXIST, attempts < 10 { continue }
            }
            if descriptor < 0, errno == EINTR { continue }
            guard descriptor >= 0 else {
                let reason = errno == ELOOP ? "it is a symbolic link, refused" : String(cString: strerror(errno))
                throw AtomicFile.WriteError(path: path, reason: reason)
            }
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(descriptor)
                throw AtomicFile.WriteError(path: path, reason: "not a regular file, refused")
            }
            return descriptor
        }
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
