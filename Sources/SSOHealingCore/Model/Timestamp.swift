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

/// Timestamps as the product writes them: `2026-11-27T15:04:05Z`, always UTC.
public enum Timestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func string(_ date: Date) -> String {
        dateAndTime(date) + "Z"
    }

    /// `date` in UTC as `YYYY-MM-DDTHH:MM:SS` (C's `%04d-%02d-%02dT%02d:%02d:%02d`), whole
    /// seconds, without a zone.
    public static func dateAndTime(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let day = [
            PaddedNumber.decimal(Int(parts.tm_year) + 1900, width: 4),
            PaddedNumber.decimal(Int(parts.tm_mon) + 1, width: 2),
            PaddedNumber.decimal(Int(parts.tm_mday), width: 2),
        ]
        let clock = [parts.tm_hour, parts.tm_min, parts.tm_sec].map { PaddedNumber.decimal(Int($0), width: 2) }
        return day.joined(separator: "-") + "T" + clock.joined(separator: ":")
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z`, `UTC`, or `+00:00`, with optional fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = scalars[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), scalars[4] == 45, let month = number(5..<7), scalars[7] == 45,
            let day = number(8..<10), scalars[10] == 84 || scalars[10] == 32, let hour = number(11..<13),
            scalars[13] == 58, let minute = number(14..<16), scalars[16] == 58, let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        let zone = String(decoding: scalars[index...], as: UTF8.self)
        guard ["Z", "UTC", "+00:00", "+0000", "z"].contains(zone) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
