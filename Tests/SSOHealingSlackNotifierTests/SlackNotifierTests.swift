import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingSlackNotifier
import SSOHealingTestKit
import Testing

@Suite struct SlackNotifierTests {
    @Test func postsOneJSONMessageToTheWebhook() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent()) == .delivered)

        let request = try #require(fake.requests.first)
        #expect(fake.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == fake.path)
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        let payload = try #require(JSONValue.parse(request.bodyText))
        guard case .object(let fields) = payload else {
            Issue.record("the body is not a JSON object")
            return
        }
        #expect(fields.map(\.0) == ["text", "blocks", "attachments"])
        #expect(
            payload["text"]
                == .string(
                    "🔴 CRITICAL · prod is expired (was ok) on build-mac-3: SSO session for profile prod expired: refresh token rejected (invalid_grant)"
                ))
        let blocks = try #require(payload["blocks"]?.arrayValue)
        #expect(blocks.map { $0["type"]?.stringValue } == ["header", "section"])
        #expect(blocks[0]["text"]?["type"] == .string("plain_text"))
        #expect(blocks[0]["text"]?["text"] == .string("🔴 CRITICAL · prod is expired (was ok)"))
        let attachment = try #require(payload["attachments"]?.arrayValue?.first)
        #expect(attachment["color"] == .string("danger"))
        let facts = try #require(attachment["blocks"]?.arrayValue)
        #expect(facts.map { $0["type"]?.stringValue } == ["section", "section", "context", "context"])

        let message = try #require(fake.messages.first)
        #expect(message.colors == ["danger"])
        #expect(message.mentions.isEmpty)
        #expect(
            message.visibleText == """
                🔴 CRITICAL · prod is expired (was ok)
                SSO session for profile prod expired: refresh token rejected (invalid_grant)
                *Probe*
                prod (aws-sso)
                *State*
                expired (was ok)
                *Host*
                build-mac-3
                *Time*
                2026-11-27T15:04:05Z
                *Remedy*
                `aws sso login --profile prod`
                *session_expires_at*: 2026-11-27T15:00:00Z
                aws-sso:prod · episode 7
                """)
        let time = try #require(facts[0]["fields"]?.arrayValue?.last?["text"]?.stringValue)
        #expect(time == "*Time*\n<!date^1795791845^{date_short_pretty} {time_secs}|2026-11-27T15:04:05Z>")
    }

    @Test(arguments: [
        (HealthState.ok, "good", "✅ RESOLVED · prod is ok again (was expired)"),
        (.degraded, "warning", "🟠 WARNING · prod is degraded (was ok)"),
        (.expired, "danger", "🔴 CRITICAL · prod is expired (was ok)"),
    ])
    func theAttachmentIsColouredBySeverity(state: HealthState, color: String, header: String) async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        let previous: HealthState = state == .ok ? .expired : .ok
        #expect(await channel.deliver(sampleEvent(state: state, previous: previous)) == .delivered)
        let message = try #require(fake.messages.first)
        #expect(message.colors == [color])
        #expect(message.visibleText.hasPrefix(header + "\n"))
    }

    @Test func remindersAndTestAlertsSayWhatTheyAre() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake, extra: "username = \"sso bot\"\nicon_emoji = \":key:\"")
        #expect(await channel.deliver(sampleEvent(reminder: 2, test: true)) == .delivered)
        let message = try #require(fake.messages.first)
        #expect(message.visibleText.hasPrefix("🧪 TEST · 🔴 CRITICAL · prod still expired · reminder 2\n"))
        #expect(message.visibleText.hasSuffix("aws-sso:prod · episode 7 · reminder 2 · test alert: nothing is wrong"))
        #expect(message.username == "sso bot")
        #expect(message.iconEmoji == ":key:")
    }

    @Test func hostileEventTextIsEscapedAndTriggersNoMention() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        let summary = "<!channel> <@U024BE7LH> & <https://evil.example|click> &amp; &lt;b&gt; *bold*"
        let remedy = "run `rm -rf /` <!here> & retry"
        let event = sampleEvent(summary: summary, remedy: remedy, details: ["<!everyone>": "a > b & c"])
        #expect(await channel.deliver(event) == .delivered, "\(fake.rejections.map(\.body))")
        let message = try #require(fake.messages.first)
        #expect(message.mentions.isEmpty, "\(message.mentions)")
        #expect(message.visibleText.contains("\n" + summary + "\n"))
        #expect(message.visibleText.contains("`run ˋrm -rf /ˋ <!here> & retry`"))
        #expect(message.visibleText.contains("*<!everyone>*: a > b & c"))
        #expect(message.text?.hasSuffix(summary) == true)
    }

    @Test func longTextsStayWithinBlockKitLimits() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        var details: [String: String] = [:]
        for index in 0..<30 { details["detail_\(index)"] = String(repeating: "<&>", count: 400) }
        let event = sampleEvent(
            summary: String(repeating: "a<b&c>d ", count: 2_000), remedy: String(repeating: "&`", count: 3_000),
            details: details)
        #expect(await channel.deliver(event) == .delivered, "\(fake.rejections.map(\.body))")
        let message = try #require(fake.messages.first)
        #expect(message.visibleText.contains("a<b&c>d a<b&c>d"))
        #expect(message.visibleText.contains("… and 21 more"))
        let summaryBlock = try #require(message.payload["blocks"]?.arrayValue?[1]["text"]?["text"]?.stringValue)
        #expect(summaryBlock.utf16.count <= 3000)
        #expect(summaryBlock.hasSuffix("…"))
        #expect(!summaryBlock.contains("&…") && !summaryBlock.hasSuffix("&am…"))
    }

    @Test func rateLimitsRetryAfterSlacksRetryAfter() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        fake.failNext(.rateLimited(retryAfter: 12))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(after: .seconds(12), reason: "Slack is rate limiting the webhook (HTTP 429): rate_limited"))
        #expect(await channel.deliver(sampleEvent()) == .delivered)
    }

    @Test func serverErrorsAndNetworkFailuresRetry() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        fake.failNext(.serverError(status: 500))
        #expect(
            await channel.deliver(sampleEvent()) == .retry(after: nil, reason: "Slack answered HTTP 500: rollup_error"))
        fake.failNext(.serverError(status: 503, body: "<html>\nService Unavailable\n</html>"))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(after: nil, reason: "Slack answered HTTP 503: <html> Service Unavailable </html>"))
        fake.failNext(.dropConnection)
        guard case .retry(nil, _) = await channel.deliver(sampleEvent()) else {
            Issue.record("a dropped connection is not retried")
            return
        }
        fake.stop()
        guard case .retry(nil, let refused) = await channel.deliver(sampleEvent()) else {
            Issue.record("a refused connection is not retried")
            return
        }
        #expect(refused == "Slack request: could not connect to the server")
        #expect(fake.messages.isEmpty)
    }

    @Test(arguments: [
        (FakeSlackWebhook.Failure.refuse(status: 400, body: "invalid_payload"), "(HTTP 400): invalid_payload"),
        (.refuse(status: 400, body: "no_text"), "(HTTP 400): no_text"),
        (
            .refuse(status: 403, body: "action_prohibited"),
            "(HTTP 403): action_prohibited — the workspace does not let this webhook post there"
        ),
        (.channelNotFound, "(HTTP 404): channel_not_found — the webhook's channel no longer exists"),
        (.channelArchived, "(HTTP 410): channel_is_archived — the webhook's channel is archived"),
    ])
    func refusalsFailWithSlacksErrorCode(failure: FakeSlackWebhook.Failure, expected: String) async throws {
        let fake = try FakeSlackWebhook()
        let (logger, logs) = capturingLogger()
        let channel = try makeChannel(fake, logger: logger)
        fake.failNext(failure)
        let result = await channel.deliver(sampleEvent())
        #expect(result == .failed(reason: "Slack refused the message " + expected))
        #expect(
            logLines(logs).contains {
                $0.hasPrefix("warning slack refused the message: Slack refused the message " + expected)
            })
    }

    @Test func aRevokedOrMistypedWebhookFailsAndSaysSo() async throws {
        let fake = try FakeSlackWebhook()
        let otherSecret = String(fake.url.dropLast(fake.secret.count)) + "Zz" + fake.secret.dropFirst(2)
        #expect(
            await (try makeChannel(fake, url: otherSecret)).deliver(sampleEvent())
                == .failed(
                    reason:
                        "Slack refused the message (HTTP 403): invalid_token — the webhook was revoked or mistyped: check webhook_url"
                ))
        #expect(
            await (try makeChannel(fake, url: fake.server.url("/services/TX/BX/abc"))).deliver(sampleEvent())
                == .failed(
                    reason:
                        "Slack refused the message (HTTP 404): no_service — the webhook was revoked or mistyped: check webhook_url"
                ))
    }

    @Test func theOutboxWaitsExactlyTheRetryAfterSlackGave() async throws {
        let fake = try FakeSlackWebhook()
        let channel = try makeChannel(fake)
        fake.failNext(.rateLimited(retryAfter: 61))
        let result = await channel.deliver(sampleEvent())

        var state = EngineState()
        let enqueued = Date(timeIntervalSince1970: 1_800_000_000)
        let delivery = PendingDelivery(channel: "10-slack", event: sampleEvent(), enqueuedAt: enqueued)
        state.outbox.append(delivery)
        let now = enqueued.addingTimeInterval(5)
        let updated = try #require(
            NotifierBus.acknowledge(delivery.key, result: result, at: now, jitter: -1, in: &state))
        #expect(updated.nextAttemptAt == now.addingTimeInterval(61))
        #expect(NotifierBus.nextDue(in: state) == now.addingTimeInterval(61))
        #expect(NotifierBus.due(at: now.addingTimeInterval(60.999), in: state).isEmpty)
        #expect(NotifierBus.due(at: now.addingTimeInterval(61), in: state).map(\.key) == [delivery.key])
    }
}
