/// A URL cut into the parts that matter for redaction, without libcurl (which is loaded only
/// by processes that make requests).
struct URLParts {
    /// `user:password`, as written (percent-encoded), or empty.
    var userInfo: String
    /// The path, query and fragment pieces that hold a key: each key-like path segment, the
    /// whole path when it has one, and each long-enough query or fragment value with the whole
    /// query, raw and decoded.
    var keyParts: [String]

    /// Parses `text` as `scheme://authority/path?query#fragment`; `nil` when it is not one.
    init?(_ text: String) {
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        userInfo = authority.lastIndex(of: "@").map { String(authority[..<$0]) } ?? ""
        var keyParts: [String] = []
        var remainder = rest[authorityEnd...]
        var fragment: Substring = ""
        if let hash = remainder.firstIndex(of: "#") {
            fragment = remainder[remainder.index(after: hash)...]
            remainder = remainder[..<hash]
        }
        var query: Substring = ""
        if let question = remainder.firstIndex(of: "?") {
            query = remainder[remainder.index(after: question)...]
            remainder = remainder[..<question]
        }
        let path = remainder
        let segments = path.split(separator: "/").filter { SecretForms.looksLikeKey($0) }
        if !segments.isEmpty {
            keyParts.append(String(path))
            for segment in segments {
                keyParts.append(String(segment))
                // A segment such as `bot123456:ABC…` holds a token after its prefix.
                if let colon = segment.firstIndex(of: ":") {
                    let after = segment[segment.index(after: colon)...]
                    if SecretForms.looksLikeKey(after) { keyParts.append(String(after)) }
                }
            }
        }
        for part in [query, fragment] where !part.isEmpty {
            let values = part.split(whereSeparator: { $0 == "&" || $0 == ";" }).map { pair in
                pair.firstIndex(of: "=").map { pair[pair.index(after: $0)...] } ?? pair
            }.filter { $0.count >= 6 }
            if !values.isEmpty || SecretForms.looksLikeKey(part) { keyParts.append(String(part)) }
            keyParts += values.map { String($0) }
        }
        self.keyParts = keyParts.flatMap { [$0, Self.percentDecoded($0)] }
    }

    /// `text` with `%XX` escapes decoded (and `+` kept); invalid escapes are kept as written.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` with every byte but RFC 3986's unreserved characters written as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if isUnreserved(byte) {
                output.unicodeScalars.append(scalar)
            } else {
                output += "%" + PaddedNumber.hex(byte, width: 2, uppercase: true)
            }
        }
        return output
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~".utf8.contains(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
