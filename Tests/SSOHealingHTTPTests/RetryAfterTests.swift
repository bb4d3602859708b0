import Foundation
import SSOHealingCore
import SSOHealingHTTP
import Testing

@Suite struct RetryAfterTests {
    private let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func secondsAreTakenAsTheyAre() {
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("99999999999999999999999", now: now) == RetryAfter.longest)
        #expect(RetryAfter.parse("864000", now: now) == RetryAfter.longest)
    }

    @Test func httpDatesInEveryFormAreMeasuredFromNow() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:51:37 GMT", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Sun Nov  6 08:52:37 1994", now: now) == .seconds(180))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
    }

    @Test func anythingElseIsNoAdvice() {
        for value in ["", "soon", "-5", "1.5", "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 06 Foo 1994 08:00:00 GMT"] {
            #expect(RetryAfter.parse(value, now: now) == nil, "\(value)")
        }
        #expect(RetryAfter.of(HTTPResponse(status: 429, headers: ["retry-after": "3"]), now: now) == .seconds(3))
        #expect(RetryAfter.of(HTTPResponse(status: 429), now: now) == nil)
    }
}
