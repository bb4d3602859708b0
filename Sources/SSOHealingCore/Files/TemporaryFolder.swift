#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The system's folder for temporary files, as Foundation's `NSTemporaryDirectory()` gives it.
public enum TemporaryFolder {
    /// The folder's path, ending in `/`: `$TMPDIR` when set, else `/tmp/` (on macOS, the user's
    /// private temporary folder).
    public static var path: String {
        #if canImport(FoundationEssentials)
            if let folder = ProcessInfo.processInfo.environment["TMPDIR"] {
                return folder.hasSuffix("/") ? folder : folder + "/"
            }
            return "/tmp/"
        #else
            return NSTemporaryDirectory()
        #endif
    }
}
