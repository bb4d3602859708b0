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

/// Reads an HTTP `Retry-After` header (RFC 9110 §10.2.3): delay seconds, or an HTTP-date.
public enum RetryAfter {
    /// The longest wait honoured, the outbox's (`NotifierBus.longestRetryAfter`): a server
    /// asking for more gets this, so what a reason says is what the outbox schedules.
    public static var longest: Duration { NotifierBus.longestRetryAfter }

    /// The wait `value` asks for, measured from `now`; `nil` when it is neither a number of
    /// seconds nor an HTTP-date. A date in the past means no wait (`.zero`).
    public static func parse(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingWhitespace()
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard let seconds = Int64(text) else { return longest }
            return min(.seconds(seconds), longest)
        }
        guard let date = httpDate(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return .zero }
        return min(.seconds(seconds.rounded(.up)), longest)
    }

    /// The wait a response's `Retry-After` header asks for, if it has a valid one.
    public static func of(_ response: HTTPResponse, now: Date = Date()) -> Duration? {
        response.header("Retry-After").flatMap { parse($0, now: now) }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the three HTTP-date forms: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Date? {
        let words = text.split { $0 == " " || $0 == "," }.map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        switch words.count {
        case 4 where words[3] == "GMT" && words[1].contains("-"):
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3 else { return nil }
            day = Int(parts[0])
            month = monthNumber(parts[1])
            year = Int(parts[2]).map { $0 < 50 ? 2000 + $0 : ($0 < 100 ? 1900 + $0 : $0) }
            time = clock(words[2])
        case 6 where words[5] == "GMT":
            day = Int(words[1])
            month = monthNumber(words[2])
            year = Int(words[3])
            time = clock(words[4])
        case 5:
            month = monthNumber(words[1])
            day = Int(words[2])
            time = clock(words[3])
            year = Int(words[4])
        default:
            return nil
        }
        guard let day, let month, let year, let time, (1...31).contains(day), year >= 1970 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(time.0)
        parts.tm_min = Int32(time.1)
        parts.tm_sec = Int32(time.2)
        return Date(timeIntervalSince1970: Double(timegm(&parts)))
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }

    private static func clock(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]), (0...60).contains(parts[2])
        else { return nil }
        return (parts[0], parts[1], parts[2])
    }
}
