import Foundation
import SSOHealingCore
import Testing

@Test func timestampsReadBothAWSForms() throws {
    let z = try #require(Timestamp.parse("2026-11-27T15:04:05Z"))
    let utc = try #require(Timestamp.parse("2026-11-27T15:04:05UTC"))
    #expect(z == utc)
    #expect(Timestamp.string(z) == "2026-11-27T15:04:05Z")
    #expect(Timestamp.parse("2026-11-27T15:04:05.250Z")!.timeIntervalSince(z) == 0.25)
    #expect(Timestamp.parse("2026-11-27T15:04:05+01:00") == nil)
    #expect(Timestamp.parse("2026-13-27T15:04:05Z") == nil)
    #expect(Timestamp.parse("garbage") == nil)
}

@Test func timestampsAreWrittenAsPrintfWroteThem() {
    for seconds in [
        -62_135_596_800.0, -1, 0, 0.999, 86_399.5, 951_782_400, 1_795_791_845, 253_402_300_799, 253_402_300_800,
    ] {
        let date = Date(timeIntervalSince1970: seconds)
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let printf = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        #expect(Timestamp.dateAndTime(date) == printf)
        #expect(Timestamp.string(date) == printf + "Z")
    }
    #expect(Timestamp.string(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00Z")
    #expect(Timestamp.string(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
}
