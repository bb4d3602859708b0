#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Reads permission bits of files, for the "readable by others" warnings.
enum FilePermissions {
    /// The file's mode bits, or `nil` if it cannot be stat'ed.
    static func mode(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o7777
    }
}
