#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A file of `KEY=value` lines read the way systemd reads `EnvironmentFile=`
/// (`man systemd.exec`), never by a shell, so that one file means the same under systemd, under
/// launchd and on the command line (`--environment-file`).
///
/// The syntax, as systemd's `env-file.c` parses it:
///
/// - Blank lines and lines whose first non-blank character is `#` or `;` are comments.
/// - `KEY=value`: whitespace before the key, between the key and `=`, and after `=` is ignored.
///   The name must be letters, digits and `_`, not starting with a digit.
/// - An unquoted value keeps its interior whitespace, quotes and `#` verbatim; its trailing
///   whitespace is dropped; a backslash keeps the character after it (`\\` is `\`, `\ ` a
///   space that is not dropped) and a backslash at the end of a line continues the value on the
///   next one, the newline discarded.
/// - `'…'` keeps everything up to the next `'` verbatim, newlines included; no escapes.
/// - `"…"` may span lines; a backslash before `"`, `\`, a backtick or `$` keeps that character, before
///   a newline continues the line, before anything else is kept with it (`\n` stays `\n`).
/// - Quoted and unquoted parts next to each other are joined: `A="x"y` is `xy`, and
///   `A="x" # c` is `x# c` (after `=`, a `#` starts no comment).
/// - A later assignment of the same name wins. `$VAR` is never expanded.
///
/// Where it differs from systemd: a line that assigns nothing (no `=`, an invalid name such as
/// `export NAME`, an unterminated quote) is reported as a warning at `FILE:LINE:COLUMN`, where
/// systemd ignores it silently or only logs it; a comment line ending with `\` does not continue
/// on the next line (systemd before version 254 treated the next line as comment too, 254 and
/// later do not); and a file that is not UTF-8 or holds a NUL byte is refused whole, with an
/// error (systemd refuses to start the unit).
public struct EnvironmentFile: Sendable, Equatable {
    /// The file, as named.
    public var path: String
    /// The variables it sets, a later assignment of a name replacing an earlier one.
    public var variables: [String: String]
    /// Lines that set nothing (warnings) and reasons the file cannot be used at all (errors).
    public var diagnostics: [ConfigDiagnostic]

    /// Creates the result of reading `path`.
    public init(path: String, variables: [String: String] = [:], diagnostics: [ConfigDiagnostic] = []) {
        self.path = path
        self.variables = variables
        self.diagnostics = diagnostics
    }

    /// The largest file read, in bytes.
    public static let maxBytes = 1 << 20

    /// `environment` with this file's variables over it: the file wins, as with systemd.
    public func applied(to environment: [String: String]) -> [String: String] {
        environment.merging(variables) { _, fromFile in fromFile }
    }

    /// Reads `path`. A path where nothing is at all sets nothing and is no problem (as systemd's
    /// `EnvironmentFile=-PATH`); one that cannot be read, or is not a text file, is an error. A
    /// file readable by group or others draws a warning: it holds secrets.
    public static func read(_ path: String) -> EnvironmentFile {
        let start = SourceLocation(line: 1, column: 1)
        func refused(_ message: String) -> EnvironmentFile {
            EnvironmentFile(path: path, diagnostics: [ConfigDiagnostic(file: path, location: start, message: message)])
        }
        switch ConfigFileAccess.file(path) {
        case .missing: return EnvironmentFile(path: path)
        case .unusable(let reason): return refused("the environment file \(reason)")
        case .readable: break
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return refused("the environment file cannot be read")
        }
        guard data.count <= maxBytes else {
            return refused("the environment file is larger than \(TOMLParser.describeSize(maxBytes))")
        }
        guard !data.contains(0) else { return refused("the environment file contains a NUL byte") }
        guard let text = String(validating: data, as: UTF8.self) else {
            return refused("the environment file is not UTF-8 text")
        }
        var file = parse(text, path: path)
        if let mode = FilePermissions.mode(of: path), mode & 0o077 != 0 {
            file.diagnostics.insert(
                ConfigDiagnostic(
                    file: path, location: start,
                    message:
                        "the environment file is readable by group or others (mode \(String(mode & 0o777, radix: 8))): chmod 600 it",
                    severity: .warning), at: 0)
        }
        return file
    }

    /// Parses `text`, the contents of `path`.
    public static func parse(_ text: String, path: String) -> EnvironmentFile {
        var parser = Parser(path: path)
        for scalar in text.unicodeScalars { parser.consume(scalar) }
        parser.finish()
        return EnvironmentFile(path: path, variables: parser.variables, diagnostics: parser.diagnostics)
    }

    /// Whether `name` can be assigned: letters, digits and `_`, not starting with a digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
        }
    }
}

extension EnvironmentFile {
    /// systemd's state machine (`parse_env_file_internal`), one Unicode scalar at a time.
    fileprivate struct Parser {
        enum State {
            case beforeKey, key, beforeValue, value, valueEscape, singleQuoted, doubleQuoted, doubleQuotedEscape
            case comment
        }

        let path: String
        var state = State.beforeKey
        var key: [Unicode.Scalar] = []
        var value: [Unicode.Scalar] = []
        /// Where trailing whitespace of the key, and of an unquoted value, begins.
        var keyWhitespace: Int?
        var valueWhitespace: Int?
        var line = 1
        var column = 0
        var keyLocation = SourceLocation(line: 1, column: 1)
        var quoteLocation = SourceLocation(line: 1, column: 1)
        var variables: [String: String] = [:]
        var diagnostics: [ConfigDiagnostic] = []

        init(path: String) { self.path = path }

        static func isNewline(_ scalar: Unicode.Scalar) -> Bool { scalar == "\n" || scalar == "\r" }
        static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || isNewline(scalar) }

        mutating func consume(_ scalar: Unicode.Scalar) {
            column += 1
            let here = SourceLocation(line: line, column: column)
            defer {
                if scalar == "\n" {
                    line += 1
                    column = 0
                }
            }
            switch state {
            case .beforeKey:
                if scalar == "#" || scalar == ";" {
                    state = .comment
                } else if !Self.isBlank(scalar) {
                    state = .key
                    key = [scalar]
                    keyWhitespace = nil
                    keyLocation = here
                }
            case .key:
                if Self.isNewline(scalar) {
                    warnNoAssignment()
                    state = .beforeKey
                } else if scalar == "=" {
                    state = .beforeValue
                    value = []
                    valueWhitespace = nil
                } else {
                    if !Self.isBlank(scalar) {
                        keyWhitespace = nil
                    } else if keyWhitespace == nil {
                        keyWhitespace = key.count
                    }
                    key.append(scalar)
                }
            case .beforeValue:
                if Self.isNewline(scalar) {
                    push(trimmingValue: false)
                } else if scalar == "'" {
                    state = .singleQuoted
                    quoteLocation = here
                } else if scalar == "\"" {
                    state = .doubleQuoted
                    quoteLocation = here
                } else if scalar == "\\" {
                    state = .valueEscape
                } else if !Self.isBlank(scalar) {
                    state = .value
                    value.append(scalar)
                }
            case .value:
                if Self.isNewline(scalar) {
                    push(trimmingValue: true)
                } else if scalar == "\\" {
                    state = .valueEscape
                    valueWhitespace = nil
                } else {
                    if !Self.isBlank(scalar) {
                        valueWhitespace = nil
                    } else if valueWhitespace == nil {
                        valueWhitespace = value.count
                    }
                    value.append(scalar)
                }
            case .valueEscape:
                state = .value
                if !Self.isNewline(scalar) { value.append(scalar) }
            case .singleQuoted:
                if scalar == "'" { state = .beforeValue } else { value.append(scalar) }
            case .doubleQuoted:
                if scalar == "\"" {
                    state = .beforeValue
                } else if scalar == "\\" {
                    state = .doubleQuotedEscape
                } else {
                    value.append(scalar)
                }
            case .doubleQuotedEscape:
                state = .doubleQuoted
                if "\"\\`$".unicodeScalars.contains(scalar) {
                    value.append(scalar)
                } else if scalar != "\n" {
                    value += ["\\", scalar]
                }
            case .comment:
                if Self.isNewline(scalar) { state = .beforeKey }
            }
        }

        /// The end of the text: an assignment under way is complete.
        mutating func finish() {
            switch state {
            case .beforeKey, .comment: break
            case .key: warnNoAssignment()
            case .beforeValue, .valueEscape: push(trimmingValue: false)
            case .value: push(trimmingValue: true)
            case .singleQuoted, .doubleQuoted, .doubleQuotedEscape:
                let name = String(String.UnicodeScalarView(trimmedKey))
                warn(
                    "the quote opened here is never closed: \(name) is set to the rest of the file",
                    at: quoteLocation)
                push(trimmingValue: false)
            }
        }

        var trimmedKey: ArraySlice<Unicode.Scalar> { key[..<(keyWhitespace ?? key.count)] }

        mutating func push(trimmingValue: Bool) {
            state = .beforeKey
            let name = String(String.UnicodeScalarView(trimmedKey))
            let kept = trimmingValue ? value[..<(valueWhitespace ?? value.count)] : value[...]
            key = []
            value = []
            guard EnvironmentFile.isValidName(name) else {
                if name.hasPrefix("export "), EnvironmentFile.isValidName(String(name.dropFirst(7))) {
                    warn(
                        "\"export\" is not supported: the file is not read by a shell; write \(name.dropFirst(7))=value (line ignored)",
                        at: keyLocation)
                } else {
                    // The text is not quoted: a line that lost its name may be a secret (a webhook
                    // URL pasted on a line of its own).
                    warn(
                        "the text before \"=\" is not a variable name (letters, digits and \"_\", not starting with a digit): line ignored",
                        at: keyLocation)
                }
                return
            }
            variables[name] = String(String.UnicodeScalarView(kept))
        }

        mutating func warnNoAssignment() {
            warn("no \"=\" in this line: it sets nothing (a comment starts with \"#\")", at: keyLocation)
            key = []
        }

        mutating func warn(_ message: String, at location: SourceLocation) {
            diagnostics.append(ConfigDiagnostic(file: path, location: location, message: message, severity: .warning))
        }
    }
}
