#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Why a configuration file or the drop-in folder cannot be read, in words for an error.
///
/// A drop-in that cannot be read is a channel that would vanish without a word, so every entry
/// that is there but is not a readable regular file (a dangling or looping symbolic link, a
/// directory, a device, a file without read permission) is an error naming it.
enum ConfigFileAccess {
    /// What a path is, as far as reading it goes.
    enum Status: Equatable {
        /// Nothing is there (not even a symbolic link).
        case missing
        /// A regular file that can be opened for reading.
        case readable
        /// Something is there but cannot be read as a file; the text says why.
        case unusable(String)
    }

    private enum Followed {
        case found(stat)
        case status(Status)
    }

    /// `stat` of `path` following symbolic links, or why there is nothing usable there (`kind`
    /// names what a link should have led to).
    private static func followed(_ path: String, kind: String) -> Followed {
        var link = stat()
        guard lstat(path, &link) == 0 else { return .status(.missing) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ELOOP { return .status(.unusable("is a symbolic link that loops")) }
            if code == ENOENT || code == ENOTDIR {
                return .status(.unusable("is a symbolic link to a \(kind) that does not exist"))
            }
            return .status(.unusable("cannot be read (\(describe(code)))"))
        }
        return .found(info)
    }

    /// Whether `path` (following symbolic links) is a regular file this process can read.
    static func file(_ path: String) -> Status {
        let info: stat
        switch followed(path, kind: "file") {
        case .found(let found): info = found
        case .status(let status): return status
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .unusable("is a directory, not a file")
        default: return .unusable("is not a regular file")
        }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .unusable("cannot be read (\(describe(errno)))") }
        close(descriptor)
        return .readable
    }

    /// Whether `path` (following symbolic links) is a directory whose entries can be listed.
    static func directory(_ path: String) -> Status {
        let info: stat
        switch followed(path, kind: "directory") {
        case .found(let found): info = found
        case .status(let status): return status
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .unusable("is not a directory") }
        guard let folder = opendir(path) else { return .unusable("cannot be read (\(describe(errno)))") }
        closedir(folder)
        return .readable
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
