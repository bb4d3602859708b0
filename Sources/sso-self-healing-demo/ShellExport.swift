/// Environment variables as `sh` lines that `eval` (or `.`) reads back exactly.
enum ShellExport {
    /// `export NAME='VALUE'`.
    static func line(_ name: String, _ value: String) -> String {
        "export \(name)=\(quoted(value))"
    }

    /// `value` single-quoted for `sh`: every byte as it is, a `'` written as `'\''`.
    static func quoted(_ value: String) -> String {
        "'" + value.replacing("'", with: "'\\''") + "'"
    }
}
