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
