import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTeamsNotifier
import SSOHealingTestKit
import Testing

@Suite struct TeamsNotifierTests {
    @Test func anExpiryIsOneAdaptiveCardWithTitleStateSummaryRemedyAndFacts() async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        let details = ["session_expires_at": "2026-11-27T15:00:00Z", "profiles": "dev, prod"]
        #expect(await channel.deliver(sampleEvent(details: details)) == .delivered, "\(fake.rejections.map(\.body))")
        #expect(fake.failedRuns.isEmpty, "\(fake.failedRuns.map(\.reason))")
        let post = try #require(fake.posted.first)
        #expect(fake.posted.count == 1)
        #expect(
            post.visibleText == """
                CRITICAL · prod is expired (was ok)
                prod (aws-sso) on build-mac-3 · 2026-11-27T15:04:05Z
                SSO session for profile prod expired: refresh token rejected (invalid_grant)
                Remedy
                aws sso login --profile prod
                State: expired (was ok)
                profiles: dev, prod
                session_expires_at: 2026-11-27T15:00:00Z
                Episode: aws-sso:prod · episode 7
                """)
        // The envelope and the card as the issue and Teams's documentation give them.
        let message = try #require(JSONValue.parse(post.request.bodyText))
        #expect(message["type"] == .string("message"))
        let attachment = try #require(message["attachments"]?.arrayValue?.first)
        #expect(attachment["contentType"] == .string("application/vnd.microsoft.card.adaptive"))
        #expect(attachment["contentUrl"] == .null)
        #expect(post.card.version == "1.4")
        #expect(post.card.content["$schema"] == .string("http://adaptivecards.io/schemas/adaptive-card.json"))
        #expect(post.card.content["body"]?.arrayValue?.first?["color"] == .string("Attention"))
        #expect(post.card.content["body"]?.arrayValue?.last?["type"] == .string("FactSet"))
        #expect(post.card.content["actions"] == nil)
        #expect(post.request.header("Content-Type") == "application/json")
        // The public preview is what the channel posts.
        #expect(message == TeamsNotifier.message(for: sampleEvent(details: details)))
    }

    @Test(arguments: [
        (HealthState.ok, "Good", "RESOLVED · prod is ok again (was expired)"),
        (.degraded, "Warning", "WARNING · prod is degraded (was ok)"),
        (.expired, "Attention", "CRITICAL · prod is expired (was ok)"),
    ])
    func theTitleIsColouredBySeverity(state: HealthState, color: String, title: String) async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        let previous: HealthState = state == .ok ? .expired : .ok
        #expect(await channel.deliver(sampleEvent(state: state, previous: previous)) == .delivered)
        let post = try #require(fake.posted.first)
        let first = try #require(post.card.content["body"]?.arrayValue?.first)
        #expect(first["color"] == .string(color))
        #expect(first["text"] == .string(title))
    }

    @Test(arguments: [
        (LoginPhase.requested, "Accent", "LOGIN REQUESTED · prod"),
        (.approved, "Good", "LOGIN APPROVED · prod"),
        (.denied, "Warning", "LOGIN DENIED · prod"),
        (.expired, "Warning", "LOGIN EXPIRED · prod"),
    ])
    func aLoginRequestsEventsSayWhatBecameOfTheLoginNotThatTheTargetIsOkAgain(
        phase: LoginPhase, color: String, title: String
    ) async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        let event = AlertEvent.loginRequest(
            phase, number: 1, probe: "prod", targetState: .expired, summary: "the login for prod",
            at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3")
        #expect(await channel.deliver(event) == .delivered)
        let post = try #require(fake.posted.first)
        let first = try #require(post.card.content["body"]?.arrayValue?.first)
        #expect(first["color"] == .string(color))
        #expect(first["text"] == .string(title))
        #expect(!post.visibleText.contains("RESOLVED"))
    }

    @Test func aLoginLinkIsAnOpenURLButtonWithTheCodeBeside() async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        let link = LoginLink(
            url: "https://device.sso.us-east-1.amazonaws.com/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK",
            expiresAt: Date(timeIntervalSince1970: 1_795_792_445))
        var details = link.details
        details["session_expires_at"] = "2026-11-27T15:00:00Z"
        #expect(await channel.deliver(sampleEvent(details: details)) == .delivered)
        let post = try #require(fake.posted.first)
        #expect(post.card.openURLs == [link.url])
        #expect(post.visibleText.contains("[Approve login BCDF-GHJK](\(link.url))"))
        #expect(
            post.visibleText.contains(
                "Approve the login to renew the session: code BCDF-GHJK, valid until 2026-11-27T15:14:05Z."))
        #expect(!post.visibleText.contains("login_url"))
        #expect(post.visibleText.contains("session_expires_at: 2026-11-27T15:00:00Z"))
        // A resolution has nothing left to approve.
        #expect(await channel.deliver(sampleEvent(state: .ok, previous: .expired, details: details)) == .delivered)
        #expect(fake.posted.last?.card.openURLs == [])
    }

    @Test func remindersAndTestAlertsSayWhatTheyAre() async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent(reminder: 2, test: true)) == .delivered)
        let post = try #require(fake.posted.first)
        #expect(post.visibleText.hasPrefix("TEST · CRITICAL · prod still expired · reminder 2\n"))
        #expect(
            post.visibleText.hasSuffix("Episode: aws-sso:prod · episode 7 · reminder 2 · test alert: nothing is wrong"))
    }

    @Test func longTextsStayWithinTeamsMessageLimit() async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        var details: [String: String] = [:]
        for index in 0..<60 { details["detail_\(index)"] = String(repeating: "\u{1}✓\"", count: 600) }
        let event = sampleEvent(
            summary: String(repeating: "a \u{7}line ✓ ", count: 4_000), remedy: String(repeating: "\"`", count: 3_000),
            details: details)
        #expect(await channel.deliver(event) == .delivered)
        #expect(fake.failedRuns.isEmpty, "\(fake.failedRuns.map(\.reason))")
        let post = try #require(fake.posted.first)
        #expect(post.request.body.count <= 28 * 1024)
        #expect(post.visibleText.contains("…"))
        #expect(post.visibleText.contains("Episode: aws-sso:prod · episode 7"))
    }

    @Test func rateLimitsRetryAfterTheWorkflowsRetryAfter() async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        fake.failNext(.rateLimited(retryAfter: 12))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(
                    after: .seconds(12),
                    reason:
                        "the Teams workflow is throttled (HTTP 429): WorkflowRequestsThrottled: Rate limit is exceeded. Try again in 12 seconds."
                ))
        #expect(await channel.deliver(sampleEvent()) == .delivered)
        #expect(fake.posted.count == 1)
    }

    @Test func serverErrorsAndNetworkFailuresRetry() async throws {
        let fake = try FakeTeamsWorkflow()
        let channel = try makeChannel(fake)
        fake.failNext(.serverError(status: 502))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(
                    after: nil,
                    reason:
                        "the Teams workflow answered HTTP 502: ServiceUnavailable: The service is temporarily unavailable."
                ))
        fake.failNext(.dropConnection)
        guard case .retry(nil, _) = await channel.deliver(sampleEvent()) else {
            Issue.record("a dropped connection is not retried")
            return
        }
        fake.stop()
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(after: nil, reason: "Teams workflow request: could not connect to the server"))
        #expect(fake.posted.isEmpty)
    }

    @Test func aWrongSignatureOrADeletedWorkflowFailsAndSaysSo() async throws {
        let fake = try FakeTeamsWorkflow()
        let wrongSignature = fake.url.replacing("sig=\(fake.signature)", with: "sig=" + fake.signature + "Q")
        #expect(
            await (try makeChannel(fake, url: wrongSignature)).deliver(sampleEvent())
                == .failed(
                    reason:
                        "the Teams workflow refused the message (HTTP 401): DirectApiInvalidAuthorizationSignature: The provided authorization signature is not valid. — the URL's signature was refused: copy the URL again from the workflow's trigger"
                ))
        let unsigned = String(fake.url.prefix { $0 != "?" })
        #expect(
            await (try makeChannel(fake, url: unsigned)).deliver(sampleEvent())
                == .failed(
                    reason:
                        "the Teams workflow refused the message (HTTP 401): DirectApiAuthorizationRequired: The request must be authenticated only by Shared Access scheme. — the URL's signature was refused: copy the URL again from the workflow's trigger"
                ))
        let channel = try makeChannel(fake)
        fake.failNext(.workflowGone)
        #expect(
            await channel.deliver(sampleEvent())
                == .failed(
                    reason:
                        "the Teams workflow refused the message (HTTP 404): WorkflowNotFound: The workflow could not be found. — the workflow was deleted or the URL is mistyped: check url"
                ))
        #expect(fake.posted.isEmpty)
    }
}
