import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Header field values as RFC 5322 and RFC 2047 want them: folded lines of at most 78
/// characters, non-ASCII text as `=?UTF-8?B?…?=` encoded-words.
enum MailHeader {
    /// The longest line a header should have (RFC 5322 §2.1.1), without the CRLF.
    static let lineLimit = 78
    /// The longest line holding an encoded-word (RFC 2047 §2).
    static let encodedLineLimit = 76
    /// The longest encoded-word (RFC 2047 §2).
    static let encodedWordLimit = 75

    /// `name: value` for unstructured text (a subject): line breaks and control characters become
    /// spaces; text that is not plain ASCII, or that could be mistaken for an encoded-word, or that
    /// has a word too long to fold, is written as encoded-words; the result is folded with CRLF.
    static func unstructured(_ name: String, _ text: String) -> String {
        var clean = ""
        for scalar in text.unicodeScalars {
            clean.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        clean = clean.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        let prefix = "\(name): "
        let needsEncoding =
            !clean.unicodeScalars.allSatisfy(\.isASCII) || clean.contains("=?")
            || clean.split(separator: " ").contains { $0.count > lineLimit - prefix.count }
        if needsEncoding {
            return prefix + encodedWords(clean, firstLineUsed: prefix.count).joined(separator: "\r\n ")
        }
        return fold(prefix: prefix, words: clean.split(separator: " ").map(String.init), separator: " ")
    }

    /// `name: a, b, c` folded after commas.
    static func list(_ name: String, _ items: [String]) -> String {
        let words = items.enumerated().map { $0.offset < items.count - 1 ? $0.element + "," : $0.element }
        return fold(prefix: "\(name): ", words: words, separator: " ")
    }

    /// A display name as an RFC 5322 phrase: atoms as they are, other ASCII as a quoted string,
    /// anything else as encoded-words.
    static func phrase(_ text: String) -> String {
        let atext = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        if text.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || atext.contains($0) || $0 == " " }),
            !text.contains("=?"), !text.hasPrefix(" "), !text.hasSuffix(" "), !text.contains("  ")
        {
            return text
        }
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }), !text.contains("=?")
        {
            return "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                + "\""
        }
        return encodedWords(text, firstLineUsed: 0).joined(separator: " ")
    }

    /// `text` as base64 encoded-words, split between characters, each at most 75 characters, the
    /// first fitting into what is left of a line after `firstLineUsed` characters.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let overhead = "=?UTF-8?B??=".count
        func payloadBytes(forWordLength length: Int) -> Int { max(1, (length - overhead) / 4) * 3 }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = payloadBytes(forWordLength: min(encodedWordLimit, encodedLineLimit - firstLineUsed))
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
            limit = payloadBytes(forWordLength: encodedWordLimit)
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > limit { flush() }
            chunk += bytes
        }
        flush()
        return words.isEmpty ? ["=?UTF-8?B??="] : words
    }

    /// `prefix` and `words` joined by `separator`, a CRLF and space starting a new line before a
    /// word that would pass ``lineLimit``.
    private static func fold(prefix: String, words: [String], separator: String) -> String {
        var output = prefix
        var lineLength = prefix.count
        for (offset, word) in words.enumerated() {
            if offset == 0 {
                output += word
                lineLength += word.count
            } else if lineLength + separator.count + word.count > lineLimit {
                output += "\r\n " + word
                lineLength = 1 + word.count
            } else {
                output += separator + word
                lineLength += separator.count + word.count
            }
        }
        return output
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as an RFC 5322 date-time in UTC: `Fri, 27 Nov 2026 15:04:05 +0000`.
    static func date(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(weekdays[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(Int(parts.tm_year) + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    /// A Message-ID that depends only on the event's id, the channel and the host, so a retried
    /// delivery carries the same one: `<EVENT-ID.CHANNEL@HOST>`; the X-Mailer header names the product.
    static func messageID(eventID: String, channel: String, host: String) -> String {
        func atom(_ text: String) -> String {
            let kept = String(
                String.UnicodeScalarView(
                    text.unicodeScalars.map { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" ? $0 : "-" }))
            return kept.isEmpty ? "x" : kept
        }
        let hostLabels = host.lowercased().split(separator: ".").map { atom(String($0)) }
        let right = hostLabels.isEmpty ? "localhost" : hostLabels.joined(separator: ".")
        return "<\(atom(eventID)).\(atom(channel))@\(right)>"
    }
}
