import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

/// The fake must refuse what PagerDuty refuses, or the notifier tests prove nothing.
@Suite struct FakePagerDutyEventsAPITests {
    private func post(
        _ fake: FakePagerDutyEventsAPI, _ body: String, path: String = "/v2/enqueue"
    ) async throws
        -> HTTPResponse
    {
        try await HTTPClient().send(
            HTTPRequest(
                method: "POST", url: fake.server.url(path), headers: ["Content-Type": "application/json"],
                body: Array(body.utf8)))
    }

    private func event(
        _ fake: FakePagerDutyEventsAPI, action: String = "trigger", dedup: String? = "k1",
        payload: String = #"{"summary":"disk full","source":"db-1","severity":"critical"}"#, extra: String = ""
    ) -> String {
        var fields = [#""routing_key":"\#(fake.routingKey)""#, #""event_action":"\#(action)""#]
        if let dedup { fields.append(#""dedup_key":"\#(dedup)""#) }
        fields.append(#""payload":\#(payload)"#)
        if !extra.isEmpty { fields.append(extra) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The status and the `errors` of the answer.
    private func answer(_ fake: FakePagerDutyEventsAPI, _ body: String) async throws -> String {
        let response = try await post(fake, body)
        let json = try #require(JSONValue.parse(response.bodyText))
        let errors = (json["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
        return "\(response.status) "
            + (errors.isEmpty ? json["message"]?.stringValue ?? "" : errors.joined(separator: "; "))
    }

    @Test func acceptsAValidEventWith202AndFoldsTriggersIntoOneAlert() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let response = try await post(fake, event(fake))
        #expect(response.status == 202)
        let json = try #require(JSONValue.parse(response.bodyText))
        #expect(json["status"] == .string("success"))
        #expect(json["message"] == .string("Event processed"))
        #expect(json["dedup_key"] == .string("k1"))
        #expect(
            try await answer(fake, event(fake, extra: #""links":[{"href":"https://x.example","text":"x"}]"#))
                == "202 Event processed")
        #expect(try await answer(fake, event(fake, action: "resolve", payload: "null")) == "202 Event processed")
        #expect(try await answer(fake, event(fake)) == "202 Event processed")
        #expect(fake.alerts.map(\.events.count) == [3, 1])
        #expect(fake.alerts.map(\.resolved) == [true, false])
        // Without a dedup_key, a trigger gets one of its own.
        let generated = try await post(fake, event(fake, dedup: nil))
        #expect(JSONValue.parse(generated.bodyText)?["dedup_key"]?.stringValue?.count == 32)
    }

    @Test func refusesWhatPagerDutyRefuses() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let long = String(repeating: "s", count: 1025)
        let cases: [(String, String)] = [
            ("not json", "400 JSON parse error"),
            (
                #"{"event_action":"trigger"}"#,
                "400 'routing_key' is missing or blank; 'payload' is missing or not an object"
            ),
            (
                event(fake).replacing(fake.routingKey, with: "short"),
                "400 Length of 'routing_key' is incorrect (should be 32 characters)"
            ),
            (
                event(fake).replacing(fake.routingKey, with: FakePagerDutyEventsAPI.makeRoutingKey()),
                "400 Invalid routing key"
            ),
            (
                event(fake, action: "page"),
                "400 'event_action' is invalid (must be one of: trigger, acknowledge, resolve)"
            ),
            (event(fake, action: "resolve", dedup: nil), "400 'dedup_key' is missing or blank"),
            (
                event(fake, dedup: String(repeating: "d", count: 256)),
                "400 'dedup_key' is too long (max 255 characters)"
            ),
            (event(fake, payload: "null"), "400 'payload' is missing or not an object"),
            (
                event(fake, payload: #"{"source":"db-1","severity":"critical"}"#),
                "400 'payload.summary' is missing or blank"
            ),
            (
                event(fake, payload: #"{"summary":"\#(long)","source":"db-1","severity":"critical"}"#),
                "400 'payload.summary' is too long (max 1024 characters)"
            ),
            (
                event(fake, payload: #"{"summary":"x","severity":"critical"}"#),
                "400 'payload.source' is missing or blank"
            ),
            (
                event(fake, payload: #"{"summary":"x","source":"db-1","severity":"fatal"}"#),
                "400 'payload.severity' is invalid (must be one of: critical, error, warning, info)"
            ),
            (
                event(fake, payload: #"{"summary":"x","source":"db-1","severity":"info","timestamp":"yesterday"}"#),
                "400 'payload.timestamp' is not a valid ISO 8601 date"
            ),
            (
                event(fake, payload: #"{"summary":"x","source":"db-1","severity":"info","custom_details":[1]}"#),
                "400 'payload.custom_details' must be an object"
            ),
            (
                event(fake, extra: #""links":[{"text":"no href"}]"#),
                "400 'links' must be an array of objects with an 'href' string and an optional 'text' string"
            ),
        ]
        for (body, expected) in cases {
            #expect(try await answer(fake, body) == expected, "\(body)")
        }
        #expect(try await post(fake, event(fake), path: "/v1/enqueue").status == 404)
        #expect(fake.events.isEmpty)
    }

    @Test func failsOnDemandThenRecovers() async throws {
        let fake = try FakePagerDutyEventsAPI()
        fake.failNext(.rateLimited(retryAfter: 30))
        let limited = try await post(fake, event(fake))
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "30")
        fake.failAlways(.serverError(status: 503))
        #expect(try await post(fake, event(fake)).status == 503)
        fake.acceptAll()
        #expect(try await post(fake, event(fake)).status == 202)
        #expect(fake.rejections.map(\.status) == [429, 503])
        #expect(fake.events.count == 1)
    }
}
