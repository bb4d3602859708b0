#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The texts in which a secret can show up, derived from its configured value.
///
/// - The value itself, and percent-encoded.
/// - For a URL (`scheme://user:password@host/path?query#fragment`): the user info, raw and
///   decoded, and the `Basic` base64 of `user:password`, as libcurl sends it; the password; the
///   path, query and fragment when they hold a key, and each key-like segment and query value on
///   its own. The host and ordinary path words (`api`, `alerts`, `sendMessage`) are not secret.
/// - For a header value (`Bearer T0KEN`, `Basic b3Bz…`): the credentials after the scheme, and
///   for `Basic` the decoded `user:password` and password.
/// - For `user:password` text: its `Basic` base64 and the password.
///
/// A program argument is hidden (with the forms above) only when it looks like a credential
/// (``looksLikeKey(_:)``), and after `=` in an option (`--password=…`).
struct SecretForms {
    /// Shorter texts are never hidden: they would turn ordinary words into `<redacted>`.
    static let shortest = 4

    /// The forms collected so far.
    private(set) var texts: Set<String> = []

    /// Adds a whole credential and every form of it.
    mutating func add(secret: String) {
        let value = secret.trimmingWhitespace()
        guard value.utf8.count >= Self.shortest else { return }
        insert(value)
        if let url = URLParts(value) {
            add(url: url)
        } else if let credentials = Self.headerCredentials(value) {
            add(secret: credentials.credentials)
            if credentials.scheme.lowercased() == "basic", let decoded = Self.base64Decoded(credentials.credentials) {
                add(userInfo: decoded)
            }
        } else if value.contains(":"), !value.contains(" ") {
            add(userInfo: value)
        }
    }

    /// Adds a program argument, when it looks like a credential (or is a URL with user info).
    mutating func add(argument: String) {
        var value = Substring(argument)
        if value.hasPrefix("-") {
            guard let equals = value.firstIndex(of: "=") else { return }
            value = value[value.index(after: equals)...]
        }
        if let url = URLParts(String(value)) {
            if !url.userInfo.isEmpty { add(userInfo: url.userInfo) }
            for part in url.keyParts { add(secret: part) }
            return
        }
        if Self.looksLikeKey(value) && !Self.looksLikeNameOrPath(value) { add(secret: String(value)) }
    }

    /// Whether a path segment, query value or argument looks like a key rather than a word: at
    /// least 8 characters with a digit, or at least 16 characters.
    static func looksLikeKey(_ text: Substring) -> Bool {
        let count = text.count
        return (count >= 8 && text.contains(where: \.isNumber)) || count >= 16
    }

    /// Whether an argument reads as a host name, an address or a file path, which are not credentials.
    private static func looksLikeNameOrPath(_ text: Substring) -> Bool {
        if text.hasPrefix("/") || text.hasPrefix("./") || text.hasPrefix("~") { return true }
        let dotted =
            text.contains(".")
            && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" }
        return dotted
    }

    private mutating func add(url: URLParts) {
        if !url.userInfo.isEmpty { add(userInfo: url.userInfo) }
        for part in url.keyParts { insert(part) }
    }

    /// `user:password` (raw or percent-encoded): it, decoded, its base64 and the password.
    private mutating func add(userInfo: String) {
        for form in Set([userInfo, URLParts.percentDecoded(userInfo)]) {
            insert(form)
            let base64 = Data(form.utf8).base64EncodedString()
            insert(base64)
            // Echoed without its padding, too.
            insert(String(base64.reversed().drop(while: { $0 == "=" }).reversed()))
            if let colon = form.firstIndex(of: ":") {
                let password = String(form[form.index(after: colon)...])
                if password.utf8.count >= Self.shortest { insert(password) }
            }
        }
    }

    /// Inserts `text` and its percent-encoded form.
    private mutating func insert(_ text: String) {
        guard text.utf8.count >= Self.shortest else { return }
        texts.insert(text)
        let encoded = URLParts.percentEncoded(text)
        if encoded != text { texts.insert(encoded) }
    }

    private static func headerCredentials(_ value: String) -> (scheme: String, credentials: String)? {
        let words = value.split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0].allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let credentials = words[1].trimmingWhitespace()
        guard !credentials.contains(" ") else { return nil }
        return (String(words[0]), credentials)
    }

    private static func base64Decoded(_ text: String) -> String? {
        guard let data = Data(base64Encoded: text) else { return nil }
        let decoded = String(decoding: data, as: UTF8.self)
        return decoded.contains(":") ? decoded : nil
    }
}
