import SSOHealingCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Writes command output: results on stdout, diagnostics on stderr, unbuffered line by line.
///
/// This is the edge where command output leaves the process: every text is redacted
/// (``Redactor/current``) and made terminal-safe here (``TerminalText``), keeping only the line breaks and tabs that lay it out.
/// Commands escape each field that may itself hold a line break (a probe's summary, a server's
/// reason) with ``TerminalText/escaped(_:keeping:)`` before laying out their lines.
enum Output {
    static func print(_ text: String, terminator: String = "\n") {
        SystemIO.writeAll((safe(text) + terminator).utf8, to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        SystemIO.writeAll((safe(text) + "\n").utf8, to: STDERR_FILENO)
    }

    /// One field of a line: every control character escaped, line breaks included.
    static func field(_ text: String) -> String {
        TerminalText.escaped(text)
    }

    /// `text` as it may be written: no configured secret (``Redactor/current``), no control
    /// character but line breaks and tabs.
    static func safe(_ text: String) -> String {
        TerminalText.escapedKeepingLines(Redactor.current.redact(text))
    }
}
