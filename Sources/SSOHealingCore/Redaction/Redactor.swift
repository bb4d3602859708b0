/// The one redaction policy for every text that leaves the process: log lines, errors, delivery
/// reasons, command output and `config show`.
///
/// A redactor knows each configured secret and the forms it takes in text (`SecretForms`): a
/// URL's user info and the `Basic` base64 of it, the parts of its path and query that look like
/// keys, percent-encoded forms. It replaces each, in any letter case, with `<redacted>`. Ordinary
/// words (a path's `alerts`, a header's `Bearer`) are not forms of a secret, so text that happens
/// to share them stays readable.
///
/// ```swift
/// let redactor = Redactor(secrets: ["https://ops:S3cretPassw0rd@hooks.example/T0KEN12345"])
/// redactor.redact("401: Authorization: Basic b3BzOlMzY3JldFBhc3N3MHJk")
/// // "401: Authorization: Basic <redacted>"
/// ```
public struct Redactor: Sendable, Equatable {
    /// What a secret is replaced with.
    public static let placeholder = "<redacted>"

    /// The literal texts hidden, longest first, as UTF-8 with ASCII letters in lower case.
    private var patterns: [[UInt8]]

    /// A redactor that hides nothing.
    public init() { patterns = [] }

    /// A redactor for `secrets` (whole credentials: every form of each is hidden) and
    /// `arguments` (program arguments, hidden only where they look like a credential).
    public init(secrets: some Sequence<String>, arguments: some Sequence<String> = [String]()) {
        var forms = SecretForms()
        for secret in secrets { forms.add(secret: secret) }
        for argument in arguments { forms.add(argument: argument) }
        self.init(forms: forms.texts)
    }

    /// A redactor that hides exactly `forms` (and nothing derived from them), in any letter case.
    public init(forms: some Sequence<String>) {
        var unique: Set<[UInt8]> = []
        for form in forms where form.utf8.count >= SecretForms.shortest {
            unique.insert(form.utf8.map(Self.folded))
        }
        patterns = unique.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// Whether this redactor hides nothing.
    public var isEmpty: Bool { patterns.isEmpty }

    /// This redactor's forms and `other`'s.
    public func merging(_ other: Redactor) -> Redactor {
        var merged = self
        merged.patterns = Array(Set(patterns + other.patterns)).sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)
        }
        return merged
    }

    /// `text` with every form of every secret replaced by ``placeholder`` (adjacent or
    /// overlapping ones by one placeholder).
    public func redact(_ text: String) -> String {
        guard !patterns.isEmpty, !text.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let folded = bytes.map(Self.folded)
        var hidden = [Bool](repeating: false, count: bytes.count)
        var any = false
        for pattern in patterns where pattern.count <= folded.count {
            let first = pattern[0]
            var start = 0
            while start + pattern.count <= folded.count {
                if folded[start] == first, folded[start..<start + pattern.count].elementsEqual(pattern) {
                    for index in start..<start + pattern.count { hidden[index] = true }
                    any = true
                    start += pattern.count
                } else {
                    start += 1
                }
            }
        }
        guard any else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if hidden[index] {
                output += Self.placeholder.utf8
                while index < bytes.count, hidden[index] { index += 1 }
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `text` holds any form of any secret.
    public func reveals(_ text: String) -> Bool {
        redact(text) != text
    }

    /// An ASCII letter in lower case; every other byte as it is (so UTF-8 stays aligned).
    private static func folded(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
