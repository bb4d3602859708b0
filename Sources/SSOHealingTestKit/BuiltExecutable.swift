import Foundation

/// Executables the package builds, found from a running test bundle.
public enum BuiltExecutable {
    /// The path of the product `name` (e.g. `sso-self-healing`), next to the test bundle in the
    /// build's products directory (`swift build --build-tests` builds it).
    public static func path(_ name: String = "sso-self-healing", file: String = #filePath) -> String {
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((executable as NSString).deletingLastPathComponent + "/" + name)
        }
        candidates.append((Bundle.main.bundlePath as NSString).appendingPathComponent(name))
        candidates.append((Bundle.main.bundlePath as NSString).deletingLastPathComponent + "/" + name)
        // From the calling test file: <root>/Tests/<Target>/<File>.swift, or one folder deeper.
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.path + "/.build/debug/" + name)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
