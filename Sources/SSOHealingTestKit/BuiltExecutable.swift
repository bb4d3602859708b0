import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Executables the package builds, found from a running test bundle.
public enum BuiltExecutable {
    /// The path of the product `name` (e.g. `sso-self-healing`), next to the test bundle in the
    /// build's products directory (`swift build --build-tests` builds it).
    public static func path(_ name: String = "sso-self-healing", file: String = #filePath) -> String {
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            // The folder of the running test program, which is also where Foundation's main bundle is.
            let folder = PathString.parent(of: executable)
            candidates.append(folder + "/" + name)
            candidates.append(PathString.parent(of: folder) + "/" + name)
        }
        #if !canImport(FoundationEssentials)
            candidates.append(PathString.join(Bundle.main.bundlePath, name))
            candidates.append(PathString.parent(of: Bundle.main.bundlePath) + "/" + name)
        #endif
        // From the calling test file: <root>/Tests/<Target>/<File>.swift, or one folder deeper.
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.path + "/.build/debug/" + name)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
