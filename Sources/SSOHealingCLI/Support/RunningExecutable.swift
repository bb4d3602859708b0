#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#endif

/// The absolute path of the program that is running, symbolic links resolved.
enum RunningExecutable {
    static func path() -> String? {
        #if os(Linux)
            return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #elseif canImport(Darwin)
            var size: UInt32 = 0
            _ = _NSGetExecutablePath(nil, &size)
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            guard _NSGetExecutablePath(&buffer, &size) == 0 else { return nil }
            guard let resolved = realpath(buffer, nil) else { return String(cString: buffer) }
            defer { free(resolved) }
            return String(cString: resolved)
        #else
            return CommandLine.arguments.first.map(Paths.absolute)
        #endif
    }
}
