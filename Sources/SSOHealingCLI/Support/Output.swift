import Foundation

/// Writes command output: results on stdout, diagnostics on stderr, unbuffered line by line.
enum Output {
    static func print(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
