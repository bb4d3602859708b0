import SSOHealingCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Writes command output: results on stdout, diagnostics on stderr, unbuffered line by line.
enum Output {
    static func print(_ text: String, terminator: String = "\n") {
        SystemIO.writeAll((text + terminator).utf8, to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        SystemIO.writeAll((text + "\n").utf8, to: STDERR_FILENO)
    }
}
