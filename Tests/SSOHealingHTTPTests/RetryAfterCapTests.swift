import Foundation
import SSOHealingCore
import SSOHealingHTTP
import Testing

/// A huge Retry-After is reported as the wait the outbox really schedules: one hour.
@Test func aHugeRetryAfterIsReportedAndScheduledAsOneHour() {
    let now = Date(timeIntervalSince1970: 1_900_000_000)
    let after = RetryAfter.parse("999999999", now: now)
    #expect(after == .seconds(3600))
    #expect(DeliveryResult.retry(after: after, reason: "busy").description == "will retry after 1h: busy")
}
