import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Small helpers for user-facing paths.
enum Paths {
    /// The user's home directory.
    static func home(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// `path` made absolute against the working directory, `~/` expanded.
    static func absolute(_ path: String) -> String {
        if path == "~" { return home() }
        if path.hasPrefix("~/") { return PathString.join(home(), String(path.dropFirst(2))) }
        if path.hasPrefix("/") { return standardized(path) }
        return standardized(PathString.join(FileManager.default.currentDirectoryPath, path))
    }

    /// The absolute `path` with empty and `.` components dropped and each `..` taking away the
    /// component before it (never above `/`); symbolic links are left as they are.
    static func standardized(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
