import Foundation

/// Small helpers for user-facing paths.
enum Paths {
    /// The user's home directory.
    static func home(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// `path` made absolute against the working directory, `~/` expanded.
    static func absolute(_ path: String) -> String {
        if path == "~" { return home() }
        if path.hasPrefix("~/") { return (home() as NSString).appendingPathComponent(String(path.dropFirst(2))) }
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path) as NSString)
            .standardizingPath
    }
}
