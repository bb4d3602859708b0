import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

/// The fake must refuse what Teams refuses, or the notifier tests prove nothing.
@Suite struct FakeTeamsWorkflowTests {
    private func post(
        _ fake: FakeTeamsWorkflow, _ body: String, url: String? = nil, contentType: String = "application/json"
    ) async throws -> HTTPResponse {
        try await HTTPClient().send(
            HTTPRequest(
                method: "POST", url: url ?? fake.url, headers: ["Content-Type": contentType], body: Array(body.utf8)))
    }

    /// A message whose one attachment is `card`.
    private func message(_ card: String, contentType: String = "application/vnd.microsoft.card.adaptive") -> String {
        #"{"type":"message","attachments":[{"contentType":"\#(contentType)","contentUrl":null,"content":\#(card)}]}"#
    }

    private func card(
        version: String = "1.4", body: String = #"[{"type":"TextBlock","text":"hello","wrap":true}]"#,
        extra: String = ""
    ) -> String {
        #"{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"\#(version)","body":\#(body)\#(extra)}"#
    }

    @Test func acceptsWith202AndPostsAValidCard() async throws {
        let fake = try FakeTeamsWorkflow()
        let body = card(
            body:
                #"[{"type":"TextBlock","text":"hello","size":"Large","color":"Attention"},{"type":"FactSet","facts":[{"title":"State","value":"expired"}]},{"type":"Container","items":[{"type":"TextBlock","text":"inner"}]}]"#,
            extra: #","actions":[{"type":"Action.OpenUrl","title":"Open","url":"https://example.com/x"}]"#)
        let response = try await post(fake, message(body))
        #expect(response.status == 202)
        #expect(response.body.isEmpty)
        #expect(fake.posted.map(\.visibleText) == ["hello\nState: expired\ninner\n[Open](https://example.com/x)"])
        #expect(fake.posted.first?.card.openURLs == ["https://example.com/x"])
    }

    @Test func aCardTeamsCannotPostIsAcceptedThenFailsInTheRun() async throws {
        let fake = try FakeTeamsWorkflow()
        let cases: [(String, String)] = [
            (#"{"type":"message"}"#, "the message has no attachments to post"),
            (
                message(card(), contentType: "application/vnd.microsoft.teams.card.o365connector"),
                "not an Adaptive Card"
            ),
            (message(#"{"type":"MessageCard","version":"1.4"}"#), "the content's type is not \"AdaptiveCard\""),
            (message(card(version: "1.6")), "version 1.6 is not one Teams renders"),
            (message(card(version: "2.0")), "version 2.0 is not one Teams renders"),
            (message(#"{"type":"AdaptiveCard","body":[]}"#), "the card has no \"version\""),
            (message(card(body: #"[{"type":"TextBlock"}]"#)), "a TextBlock has no \"text\" string"),
            (message(card(body: #"[{"type":"FactSet","facts":[]}]"#)), "a FactSet has no \"facts\""),
            (message(card(body: #"[{"type":"FactSet","facts":[{"title":"x"}]}]"#)), "lacks a \"title\" or \"value\""),
            (message(card(body: #"[{"type":"Media","sources":[]}]"#)), "unknown element type \"Media\""),
            (message(card(body: #"[{"type":"TextBlock","text":"x","color":"red"}]"#)), "\"color\" is \"red\""),
            (message(card(body: #"[{"type":"TextBlock","text":"x","wrap":"yes"}]"#)), "\"wrap\" is not a boolean"),
            (message(card(extra: #","actions":[{"type":"Action.Submit","title":"x"}]"#)), "unknown action type"),
            (
                message(card(extra: #","actions":[{"type":"Action.OpenUrl","title":"x","url":"/relative"}]"#)),
                "no absolute"
            ),
            (
                message(card(body: #"[{"type":"TextBlock","text":"\#(String(repeating: "x", count: 29_000))"}]"#)),
                "more than Teams's 28 KB"
            ),
        ]
        for (body, reason) in cases {
            #expect(try await post(fake, body).status == 202, "\(reason)")
        }
        #expect(fake.posted.isEmpty)
        let reasons = fake.failedRuns.map(\.reason)
        #expect(reasons.count == cases.count)
        for ((_, expected), actual) in zip(cases, reasons) {
            #expect(actual.contains(expected), "\(actual) lacks \(expected)")
        }
    }

    @Test func theTriggerRefusesABadSignaturePathMethodOrBody() async throws {
        let fake = try FakeTeamsWorkflow()
        func answer(_ response: HTTPResponse) -> String {
            "\(response.status) " + (JSONValue.parse(response.bodyText)?["error"]?["code"]?.stringValue ?? "")
        }
        let wrongSignature = fake.url.replacing("sig=\(fake.signature)", with: "sig=\(fake.signature)Q")
        #expect(
            answer(try await post(fake, message(card()), url: wrongSignature))
                == "401 DirectApiInvalidAuthorizationSignature")
        let unsigned = String(fake.url.prefix { $0 != "?" })
        #expect(answer(try await post(fake, message(card()), url: unsigned)) == "401 DirectApiAuthorizationRequired")
        let otherWorkflow = fake.url.replacing(fake.workflowID, with: String(fake.workflowID.reversed()))
        #expect(answer(try await post(fake, message(card()), url: otherWorkflow)) == "404 WorkflowNotFound")
        #expect(answer(try await post(fake, "not json")) == "400 InvalidRequestContent")
        #expect(answer(try await post(fake, message(card()), contentType: "text/plain")) == "400 InvalidRequestContent")
        let get = try await HTTPClient().send(HTTPRequest(method: "GET", url: fake.url))
        #expect(answer(get) == "400 TriggerRequestMethodNotValid")
        #expect(fake.posted.isEmpty && fake.failedRuns.isEmpty)
    }

    @Test func failsOnDemandThenRecovers() async throws {
        let fake = try FakeTeamsWorkflow()
        fake.failNext(.rateLimited(retryAfter: 30))
        let limited = try await post(fake, message(card()))
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "30")
        fake.failAlways(.serverError(status: 503))
        #expect(try await post(fake, message(card())).status == 503)
        fake.acceptAll()
        #expect(try await post(fake, message(card())).status == 202)
        #expect(fake.rejections.map(\.status) == [429, 503])
        #expect(fake.posted.count == 1)
    }
}
