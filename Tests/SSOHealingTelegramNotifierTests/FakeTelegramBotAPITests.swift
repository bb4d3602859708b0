import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

/// The fake must refuse what Telegram refuses, or the notifier tests prove nothing.
@Suite struct FakeTelegramBotAPITests {
    private func send(
        _ fake: FakeTelegramBotAPI, _ body: String, path: String? = nil, contentType: String = "application/json"
    ) async throws -> (status: Int, json: JSONValue?) {
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: "POST", url: fake.server.url(path ?? "/bot\(fake.token)/sendMessage"),
                headers: ["Content-Type": contentType], body: Array(body.utf8)))
        return (response.status, JSONValue.parse(response.bodyText))
    }

    private func description(_ answer: (status: Int, json: JSONValue?)) -> String {
        answer.json?["description"]?.stringValue ?? ""
    }

    @Test func acceptsWellFormedHTMLAndAnswersLikeTheBotAPI() async throws {
        let fake = try FakeTelegramBotAPI(chats: ["42"])
        let html =
            #"<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s> <strike>k</strike> <del>d</del> "#
            + #"<span class="tg-spoiler">sp</span> <tg-spoiler>t</tg-spoiler> <a href="https://example.com/?a=1&amp;b=2">link</a> "#
            + #"<code>c</code> <pre><code class="language-swift">let x = 1</code></pre> <blockquote expandable>q</blockquote> "#
            + "&lt;&gt;&amp;&quot;&#65;&#x1F534;"
        let answer = try await send(
            fake, #"{"chat_id":42,"text":"\#(html.replacing("\"", with: "\\\""))","parse_mode":"HTML"}"#)
        #expect(answer.status == 200, "\(description(answer))")
        #expect(answer.json?["ok"] == .bool(true))
        #expect(answer.json?["result"]?["message_id"] == .int(1))
        let message = try #require(fake.messages.first)
        #expect(message.text.hasSuffix("q <>&\"A🔴"))
        let link = try #require(message.entities.first { $0.type == "text_link" })
        #expect(link.url == "https://example.com/?a=1&b=2")
        #expect(message.entities.first { $0.type == "code" && $0.language == "swift" } != nil)
        #expect(message.entities.contains { $0.type == "expandable_blockquote" })
    }

    @Test(arguments: [
        ("<div>x</div>", "Unsupported start tag \"div\" at byte offset 0"),
        ("<b>x</i>", "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\""),
        ("<b>x", "Can't find end tag corresponding to start tag \"b\""),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a & b", "Character '&' must be escaped as \"&amp;\" at byte offset 2"),
        ("&nbsp;", "Character '&' must be escaped as \"&amp;\" at byte offset 0"),
        ("a > b", "Character '>' must be escaped as \"&gt;\" at byte offset 2"),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("<span>x</span>", "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0"),
        (
            "<code class=\"language-c\">x</code>",
            "Programming language can't be specified for a standalone code tag at byte offset 0"
        ),
        ("<a>x</a>", "Tag \"a\" must have a non-empty \"href\" at byte offset 0"),
    ])
    func refusesHTMLTelegramCannotParse(html: String, problem: String) async throws {
        let fake = try FakeTelegramBotAPI(chats: ["42"])
        let body = JSONValue.object([("chat_id", .int(42)), ("text", .string(html)), ("parse_mode", .string("HTML"))])
        let answer = try await send(fake, body.serialized())
        #expect(answer.status == 400)
        #expect(description(answer) == "Bad Request: can't parse entities: \(problem)")
        #expect(fake.messages.isEmpty)
    }

    @Test func checksTheTokenMethodBodyChatAndLength() async throws {
        let fake = try FakeTelegramBotAPI(chats: ["42", "@ops_alerts"], threads: ["42": [7]])
        let wrongToken = try await send(fake, #"{"chat_id":42,"text":"x"}"#, path: "/bot1:wrong/sendMessage")
        #expect(wrongToken.status == 401)
        #expect(wrongToken.json == JSONValue.parse(#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#))
        #expect(try await send(fake, "{}", path: "/bot\(fake.token)/sendPhoto").status == 404)
        #expect(
            description(try await send(fake, #"{"chat_id":42,"text":"x"}"#, contentType: "text/plain"))
                == "Bad Request: chat_id is empty")
        #expect(description(try await send(fake, #"{"chat_id":43,"text":"x"}"#)) == "Bad Request: chat not found")
        #expect(
            description(try await send(fake, #"{"chat_id":[42],"text":"x"}"#))
                == "Bad Request: chat_id must be an Integer or a String")
        #expect(description(try await send(fake, #"{"chat_id":42}"#)) == "Bad Request: message text is empty")
        #expect(
            description(try await send(fake, #"{"chat_id":42,"text":" \n "}"#)) == "Bad Request: message text is empty")
        #expect(
            description(try await send(fake, #"{"chat_id":42,"text":"x","message_thread_id":8}"#))
                == "Bad Request: message thread not found")
        #expect(
            description(try await send(fake, #"{"chat_id":42,"text":"x","disable_notification":"yes"}"#)).contains(
                "Boolean"))
        #expect(
            description(try await send(fake, #"{"chat_id":42,"text":"x","parse_mode":"MarkdownV2"}"#))
                == "Bad Request: unsupported parse_mode")
        #expect(
            description(
                try await send(fake, #"{"chat_id":42,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a"}]]}}"#)
            ).contains("Text buttons are unallowed"))
        #expect(
            description(try await send(fake, #"{"chat_id":42,"text":"x","#)) == "Bad Request: can't parse JSON object")

        let longest = String(repeating: "🔴", count: 2048)
        #expect(
            try await send(fake, JSONValue.object([("chat_id", .int(42)), ("text", .string(longest))]).serialized())
                .status == 200)
        #expect(
            description(
                try await send(
                    fake, JSONValue.object([("chat_id", .int(42)), ("text", .string(longest + "x"))]).serialized()))
                == "Bad Request: message is too long")
        let escaped = String(repeating: "&amp;", count: 4096)
        let html = JSONValue.object([
            ("chat_id", .string("@ops_alerts")), ("text", .string(escaped)), ("parse_mode", .string("HTML")),
            ("message_thread_id", .int(7)),
        ])
        #expect(try await send(fake, html.serialized()).status == 400, "thread 7 belongs to chat 42 only")
        let counted = JSONValue.object([
            ("chat_id", .int(42)), ("text", .string(escaped)), ("parse_mode", .string("HTML")),
            ("message_thread_id", .int(7)),
            (
                "reply_markup",
                .object([
                    (
                        "inline_keyboard",
                        .array([
                            .array([.object([("text", .string("Open")), ("url", .string("https://example.com"))])])
                        ])
                    )
                ])
            ),
        ])
        #expect(
            try await send(fake, counted.serialized()).status == 200, "the limit counts characters after entity parsing"
        )
        #expect(fake.messages.count == 2)
        #expect(fake.messages.last?.messageThreadID == 7)
    }

    @Test func failsOnDemandThenRecovers() async throws {
        let fake = try FakeTelegramBotAPI(chats: ["42"])
        let body = #"{"chat_id":42,"text":"x"}"#
        fake.failNext(.tooManyRequests(retryAfter: 5), times: 2)
        let limited = try await send(fake, body)
        #expect(limited.status == 429)
        #expect(
            limited.json
                == JSONValue.parse(
                    #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#
                ))
        #expect(try await send(fake, body).status == 429)
        #expect(try await send(fake, body).status == 200)
        fake.failAlways(.serverError(status: 500))
        #expect(try await send(fake, body).status == 500)
        #expect(try await send(fake, body).status == 500)
        fake.acceptAll()
        #expect(try await send(fake, body).status == 200)
        #expect(fake.messages.count == 2)
        #expect(fake.rejections.map(\.status) == [429, 429, 500, 500])
    }
}
