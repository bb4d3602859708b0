import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

/// The fake must refuse what Slack refuses, or the notifier tests prove nothing.
@Suite struct FakeSlackWebhookTests {
    private func post(
        _ fake: FakeSlackWebhook, _ body: String, path: String? = nil, contentType: String = "application/json"
    ) async throws -> HTTPResponse {
        try await HTTPClient().send(
            HTTPRequest(
                method: "POST", url: fake.server.url(path ?? fake.path), headers: ["Content-Type": contentType],
                body: Array(body.utf8)))
    }

    private func answer(_ fake: FakeSlackWebhook, _ body: String) async throws -> String {
        let response = try await post(fake, body)
        return "\(response.status) \(response.bodyText)"
    }

    @Test func acceptsTextBlocksOrAttachmentsAndAnswersOK() async throws {
        let fake = try FakeSlackWebhook()
        #expect(try await answer(fake, #"{"text":"hello &lt;world&gt; <!here> <https://x|link>"}"#) == "200 ok")
        let form = try await post(
            fake, "payload=" + #"{"text":"from a form"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
            contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 200)
        #expect(
            try await answer(
                fake,
                #"{"blocks":[{"type":"header","text":{"type":"plain_text","text":"<T> &amp;","emoji":true}},{"type":"divider"},{"type":"section","fields":[{"type":"mrkdwn","text":"*a*"}]}]}"#
            )
                == "200 ok")
        #expect(try await answer(fake, ##"{"attachments":[{"color":"#36a64f","text":"coloured"}]}"##) == "200 ok")
        let texts = fake.messages.map(\.visibleText)
        #expect(texts == ["hello <world> @here link", "from a form", "<T> &amp;\n*a*", "coloured"])
        #expect(fake.messages[0].mentions == ["!here"])
        #expect(fake.messages[3].colors == ["#36a64f"])
    }

    @Test func refusesWhatSlackRefuses() async throws {
        let fake = try FakeSlackWebhook()
        let section = { (text: String) in #"{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"\#(text)"}}]}"#
        }
        let cases: [(String, String)] = [
            ("{}", "400 no_text"),
            (#"{"text":""}"#, "400 no_text"),
            ("not json", "400 invalid_payload"),
            ("[1]", "400 invalid_payload"),
            (#"{"text":5}"#, "400 invalid_payload"),
            (#"{"blocks":{}}"#, "400 invalid_blocks_format"),
            (#"{"blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}"#, "400 invalid_blocks"),
            (
                #"{"blocks":[{"type":"header","text":{"type":"plain_text","text":"\#(String(repeating: "h", count: 151))"}}]}"#,
                "400 invalid_blocks"
            ),
            (section(String(repeating: "s", count: 3001)), "400 invalid_blocks"),
            (section(""), "400 invalid_blocks"),
            (#"{"blocks":[{"type":"section"}]}"#, "400 invalid_blocks"),
            (
                #"{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x","emoji":true}}]}"#,
                "400 invalid_blocks"
            ),
            (#"{"blocks":[{"type":"context","elements":[]}]}"#, "400 invalid_blocks"),
            (#"{"blocks":[{"type":"video"}]}"#, "400 invalid_blocks"),
            (#"{"blocks":[{"type":"divider","text":"x"}]}"#, "400 invalid_blocks"),
            (#"{"text":"x","attachments":[{"color":"purple"}]}"#, "400 invalid_attachments"),
            (#"{"text":"x","username":7}"#, "400 invalid_payload"),
        ]
        for (body, expected) in cases {
            #expect(try await answer(fake, body) == expected, "\(body)")
        }
        let fields = (0..<11).map { _ in #"{"type":"mrkdwn","text":"f"}"# }.joined(separator: ",")
        #expect(
            try await answer(fake, #"{"blocks":[{"type":"section","fields":[\#(fields)]}]}"#) == "400 invalid_blocks")
        let many = (0..<51).map { _ in #"{"type":"divider"}"# }.joined(separator: ",")
        #expect(try await answer(fake, #"{"text":"x","blocks":[\#(many)]}"#) == "400 invalid_blocks")
        #expect(try await post(fake, #"{"text":"x"}"#, contentType: "text/plain").bodyText == "invalid_payload")
        #expect(fake.messages.isEmpty)
    }

    @Test func checksTheSecretPath() async throws {
        let fake = try FakeSlackWebhook()
        let wrongSecret = String(fake.path.dropLast()) + (fake.path.hasSuffix("x") ? "y" : "x")
        let wrong = try await post(fake, #"{"text":"x"}"#, path: wrongSecret)
        #expect("\(wrong.status) \(wrong.bodyText)" == "403 invalid_token")
        let unknown = try await post(fake, #"{"text":"x"}"#, path: "/services/T1/B1/abc")
        #expect("\(unknown.status) \(unknown.bodyText)" == "404 no_service")
        #expect(fake.messages.isEmpty)
    }

    @Test func failsOnDemandThenRecovers() async throws {
        let fake = try FakeSlackWebhook()
        fake.failNext(.rateLimited(retryAfter: 30))
        let limited = try await post(fake, #"{"text":"x"}"#)
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "30")
        fake.failAlways(.serverError(status: 500))
        #expect(try await answer(fake, #"{"text":"x"}"#) == "500 rollup_error")
        fake.acceptAll()
        #expect(try await answer(fake, #"{"text":"x"}"#) == "200 ok")
        #expect(fake.rejections.map(\.status) == [429, 500])
    }
}
