import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTelegramNotifier
import SSOHealingTestKit
import Testing

@Suite struct TelegramNotifierTests {
    @Test func postsOneJSONSendMessageToTheBotPath() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent()) == .delivered)

        let request = try #require(fake.requests.first)
        #expect(fake.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/bot\(fake.token)/sendMessage")
        #expect(request.header("Content-Type") == "application/json")
        let body = try #require(JSONValue.parse(request.bodyText))
        guard case .object(let fields) = body else {
            Issue.record("the body is not a JSON object")
            return
        }
        #expect(fields.map(\.0) == ["chat_id", "text", "parse_mode", "disable_notification", "link_preview_options"])
        #expect(body["chat_id"] == .int(123_456_789))
        #expect(body["parse_mode"] == .string("HTML"))
        #expect(body["disable_notification"] == .bool(false))
        #expect(body["link_preview_options"] == .object([("is_disabled", .bool(true))]))

        let message = try #require(fake.messages.first)
        #expect(
            message.text == """
                🔴 CRITICAL · prod is expired (was ok)
                SSO session for profile prod expired: refresh token rejected (invalid_grant)

                Remedy: aws sso login --profile prod

                session_expires_at: 2026-11-27T15:00:00Z

                build-mac-3 · 2026-11-27T15:04:05Z · aws-sso:prod, episode 7
                """)
        let code = try #require(message.entities.first { $0.type == "code" })
        let utf16 = Array(message.text.utf16)
        #expect(
            String(decoding: utf16[code.offset..<code.offset + code.length], as: UTF16.self)
                == "aws sso login --profile prod")
        #expect(message.entities.filter { $0.type == "bold" }.count == 4)
    }

    @Test func usernamesAreSentAsStringsAndTopicsByThreadID() async throws {
        let fake = try FakeTelegramBotAPI(chats: ["@ops_alerts", "-1001234567890"], threads: ["-1001234567890": [42]])
        let named = try makeChannel(fake, chat: "\"@ops_alerts\"")
        #expect(await named.deliver(sampleEvent()) == .delivered)
        let topic = try makeChannel(fake, chat: "-1001234567890", extra: "message_thread_id = 42")
        #expect(await topic.deliver(sampleEvent()) == .delivered)

        let bodies = fake.requests.compactMap { JSONValue.parse($0.bodyText) }
        #expect(bodies[0]["chat_id"] == .string("@ops_alerts"))
        #expect(bodies[0]["message_thread_id"] == nil)
        #expect(bodies[1]["chat_id"] == .int(-1_001_234_567_890))
        #expect(bodies[1]["message_thread_id"] == .int(42))
        #expect(fake.messages.map(\.messageThreadID) == [nil, 42])

        let unknownTopic = try makeChannel(fake, chat: "-1001234567890", extra: "message_thread_id = 7")
        guard case .failed(let reason) = await unknownTopic.deliver(sampleEvent()) else {
            Issue.record("an unknown topic is not a permanent failure")
            return
        }
        #expect(reason.contains("Bad Request: message thread not found"))
        #expect(reason.contains("check message_thread_id"))
    }

    @Test func hostileEventTextIsEscapedAndShownExactlyAsWritten() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        let summary = #"<b>not bold</b> & <script>alert(1)</script> &amp; &#65; <a href="https://evil">x</a> >_< "q""#
        let remedy = "rm -rf </code> && echo <pre>&lt;"
        let event = sampleEvent(
            summary: summary, remedy: remedy, details: ["<key&>": "</i><tg-spoiler>&quot;"])
        #expect(await channel.deliver(event) == .delivered, "\(fake.rejections.map(\.description))")

        let message = try #require(fake.messages.first)
        #expect(message.text.contains(summary))
        #expect(message.text.contains("Remedy: " + remedy))
        #expect(message.text.contains("<key&>: </i><tg-spoiler>&quot;"))
        #expect(!message.entities.contains { ["text_link", "spoiler", "pre"].contains($0.type) })
        #expect(message.sentText.contains("&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;"))
    }

    @Test func longMessagesAreCutCleanlyWithinTelegramsLimit() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        var details: [String: String] = [:]
        for index in 0..<40 { details["detail_\(index)"] = String(repeating: "<&>", count: 200) }
        let event = sampleEvent(
            summary: String(repeating: "a<b&c>d ", count: 2_000), remedy: String(repeating: "&", count: 900),
            details: details)
        #expect(await channel.deliver(event) == .delivered, "\(fake.rejections.map(\.description))")
        let message = try #require(fake.messages.first)
        #expect(message.text.utf16.count <= 4096)
        #expect(message.text.hasSuffix("…"))
        #expect(message.text.hasPrefix("🔴 CRITICAL · prod is expired (was ok)\na<b&c>d a<b&c>d"))
        #expect(message.text.contains("…\n\nRemedy: &&&"), "a long summary is shortened, not the whole message")
    }

    @Test(arguments: [0, 1, 2, 3, 7, 500, 3_990, 4_000, 4_090, 4_096, 4_097, 5_000, 9_000])
    func everyLengthRendersToTextTelegramAccepts(length: Int) throws {
        let pieces = ["&", "<", ">", "é", "🔴", "👩‍👩‍👧", "x", "\n", "&amp;"]
        var noise = ""
        var index = 0
        while noise.utf16.count < length {
            noise += pieces[index % pieces.count]
            index += 1
        }
        var details: [String: String] = [:]
        for key in 0..<(length / 200) { details["k\(key)<&>"] = noise.suffix(250).description }
        for event in [
            sampleEvent(summary: noise, remedy: noise, details: details),
            sampleEvent(summary: "short", remedy: nil, details: details),
        ] {
            let html = TelegramNotifier.text(for: event)
            let parsed = try TelegramHTMLParser.parse(html)
            #expect(parsed.text.utf16.count <= 4096)
            #expect(parsed.text.hasPrefix("🔴 CRITICAL · prod is expired"))
            let plain = TelegramNotifier.text(for: event, parseMode: .none)
            #expect(plain == parsed.text)
        }
    }

    @Test func resolutionsAreSentSilentlyAndAlertsAreNot() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        let resolved = sampleEvent(state: .ok, previous: .expired, summary: "recovered: session renewed", remedy: nil)
        #expect(await channel.deliver(resolved) == .delivered)
        #expect(await channel.deliver(sampleEvent(state: .degraded)) == .delivered)
        #expect(await channel.deliver(sampleEvent(reminder: 3, test: true)) == .delivered)
        #expect(fake.messages.map(\.disableNotification) == [true, false, false])
        #expect(fake.messages.allSatisfy { $0.linkPreviewDisabled })
        #expect(
            fake.messages[0].text.hasPrefix("✅ RESOLVED · prod is ok again (was expired)\nrecovered: session renewed"))
        #expect(fake.messages[1].text.hasPrefix("🟠 WARNING · prod is degraded (was ok)"))
        #expect(fake.messages[2].text.hasPrefix("🧪 TEST · 🔴 CRITICAL · prod still expired · reminder 3"))
    }

    @Test func plainParseModeSendsTheTextAsWritten() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake, extra: #"parse_mode = "none""#)
        #expect(await channel.deliver(sampleEvent(summary: "a <b> & c")) == .delivered)
        let message = try #require(fake.messages.first)
        #expect(message.parseMode == nil)
        #expect(message.parameters["parse_mode"] == nil)
        #expect(message.sentText == message.text)
        #expect(message.text.contains("a <b> & c"))
        #expect(message.entities.isEmpty)
    }

    @Test func rateLimitsRetryAfterTheSecondsTelegramGives() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        fake.failNext(.tooManyRequests(retryAfter: 7))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(
                    after: .seconds(7), reason: "Telegram is rate limiting the bot: Too Many Requests: retry after 7"))
        #expect(await channel.deliver(sampleEvent()) == .delivered)
    }

    @Test func serverErrorsAndNetworkFailuresRetry() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        fake.failNext(.serverError(status: 500))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(after: nil, reason: "Telegram answered HTTP 500: Internal Server Error"))
        fake.failNext(.badGateway)
        #expect(await channel.deliver(sampleEvent()) == .retry(after: nil, reason: "Telegram answered HTTP 502"))
        fake.failNext(.dropConnection)
        guard case .retry(nil, let dropped) = await channel.deliver(sampleEvent()) else {
            Issue.record("a dropped connection is not retried")
            return
        }
        #expect(dropped == "Telegram request: the connection broke before a complete answer")
        fake.stop()
        guard case .retry(nil, let refused) = await channel.deliver(sampleEvent()) else {
            Issue.record("a refused connection is not retried")
            return
        }
        #expect(refused == "Telegram request: could not connect to the server")
        #expect(fake.messages.isEmpty)
    }

    @Test func refusalsFailWithTelegramsDescriptionAndAHint() async throws {
        let fake = try FakeTelegramBotAPI(chats: ["123456789"])
        let unknownChat = try makeChannel(fake, chat: "555")
        #expect(
            await unknownChat.deliver(sampleEvent())
                == .failed(
                    reason:
                        "Telegram refused the message (HTTP 400): Bad Request: chat not found — check chat_id, and that the bot is a member of the chat"
                ))
        let wrongToken = try makeChannel(fake, token: FakeTelegramBotAPI.makeToken())
        #expect(
            await wrongToken.deliver(sampleEvent())
                == .failed(reason: "Telegram refused the message (HTTP 401): Unauthorized — check bot_token"))
        let channel = try makeChannel(fake)
        fake.failNext(.blocked)
        #expect(
            await channel.deliver(sampleEvent())
                == .failed(
                    reason:
                        "Telegram refused the message (HTTP 403): Forbidden: bot was blocked by the user — the bot may not post to this chat"
                ))
        fake.failNext(.migrated(to: -1_009_876_543_210))
        guard case .failed(let migrated) = await channel.deliver(sampleEvent()) else {
            Issue.record("a migrated group is not a permanent failure")
            return
        }
        #expect(migrated.hasSuffix("the group is now a supergroup: set chat_id = -1009876543210"))
        #expect(fake.messages.isEmpty)
    }

    @Test func theOutboxWaitsExactlyTheRetryAfterTelegramGave() async throws {
        let fake = try FakeTelegramBotAPI()
        let channel = try makeChannel(fake)
        fake.failNext(.tooManyRequests(retryAfter: 37))
        let result = await channel.deliver(sampleEvent())

        var state = EngineState()
        let enqueued = Date(timeIntervalSince1970: 1_800_000_000)
        let delivery = PendingDelivery(channel: "20-telegram", event: sampleEvent(), enqueuedAt: enqueued)
        state.outbox.append(delivery)
        let now = enqueued.addingTimeInterval(2)
        let updated = try #require(
            NotifierBus.acknowledge(delivery.key, result: result, at: now, jitter: 1, in: &state))
        #expect(updated.nextAttemptAt == now.addingTimeInterval(37))
        #expect(updated.attempts == 1)
        #expect(updated.lastError == "Telegram is rate limiting the bot: Too Many Requests: retry after 37")
        #expect(NotifierBus.due(at: now.addingTimeInterval(36.999), in: state).isEmpty)
        #expect(NotifierBus.due(at: now.addingTimeInterval(37), in: state).map(\.key) == [delivery.key])
    }
}
