import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingPagerDutyNotifier
import SSOHealingTestKit
import Testing

@Suite struct PagerDutyNotifierTests {
    @Test func anEpisodesTriggerRemindersAndResolveShareOneDedupKeyAndOneAlert() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        let episode = [
            sampleEvent(state: .degraded, previous: .ok),
            sampleEvent(state: .expired, previous: .degraded, transition: 1),
            sampleEvent(state: .expired, previous: .degraded, transition: 1, reminder: 1),
            sampleEvent(state: .ok, previous: .expired, transition: 2, summary: "SSO session for profile prod renewed"),
        ]
        for event in episode {
            #expect(await channel.deliver(event) == .delivered, "\(fake.rejections.map(\.body))")
        }
        #expect(fake.events.map(\.action) == ["trigger", "trigger", "trigger", "resolve"])
        #expect(Set(fake.events.map(\.dedupKey)) == ["sso-self-healing/build-mac-3/aws-sso:prod/7"])
        #expect(fake.alerts.count == 1)
        #expect(fake.alerts.first?.resolved == true)

        // The next episode is a new alert: PagerDuty's incident follows our episode.
        #expect(await channel.deliver(sampleEvent(episode: 8)) == .delivered)
        #expect(fake.alerts.map(\.dedupKey).last == "sso-self-healing/build-mac-3/aws-sso:prod/8")
        #expect(fake.alerts.map(\.resolved) == [true, false])
    }

    @Test func twoHostsWatchingSessionsOfTheSameNameNeverShareAnAlert() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent(host: "build-mac-3")) == .delivered)
        #expect(await channel.deliver(sampleEvent(host: "build-mac-4")) == .delivered)
        #expect(await channel.deliver(sampleEvent(state: .ok, previous: .expired, host: "build-mac-4")) == .delivered)
        #expect(fake.alerts.map(\.resolved) == [false, true])
    }

    @Test(arguments: [
        (HealthState.expired, HealthState.ok, "trigger", "critical"),
        (.degraded, .ok, "trigger", "warning"),
        (.expired, .degraded, "trigger", "critical"),
        (.degraded, .expired, "trigger", "warning"),
        (.ok, .expired, "resolve", "info"),
    ])
    func theActionAndSeverityFollowTheState(
        state: HealthState, previous: HealthState, action: String, severity: String
    ) async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        #expect(await channel.deliver(sampleEvent(state: state, previous: previous)) == .delivered)
        let event = try #require(fake.events.first)
        #expect(event.action == action)
        #expect(event.severity == severity)
    }

    @Test func theEventCarriesTheSummaryHostDetailsAndRemedy() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        let details = ["session_expires_at": "2026-11-27T15:00:00Z", "profiles": "dev, prod"]
        #expect(await channel.deliver(sampleEvent(details: details)) == .delivered)
        let event = try #require(fake.events.first)
        let payload = try #require(event.body["payload"])
        #expect(
            payload["summary"]
                == .string(
                    "prod is expired on build-mac-3: SSO session for profile prod expired: refresh token rejected (invalid_grant)"
                ))
        #expect(payload["source"] == .string("build-mac-3"))
        #expect(payload["component"] == .string("prod"))
        #expect(payload["group"] == .string("aws-sso"))
        #expect(payload["class"] == .string("expired"))
        #expect(payload["timestamp"] == .string("2026-11-27T15:04:05Z"))
        #expect(
            payload["custom_details"]
                == .object([
                    ("profiles", .string("dev, prod")), ("session_expires_at", .string("2026-11-27T15:00:00Z")),
                    ("remedy", .string("aws sso login --profile prod")),
                ]))
        #expect(event.body["client"] == .string("sso-self-healing"))
        // The public preview is what the channel sends.
        #expect(event.body == PagerDutyNotifier.body(for: sampleEvent(details: details), routingKey: fake.routingKey))
        #expect(event.body["links"] == nil)
        let reminder = sampleEvent(reminder: 3)
        #expect(await channel.deliver(reminder) == .delivered)
        #expect(
            fake.events.last?.summary
                == "prod still expired on build-mac-3 (reminder 3): SSO session for profile prod expired: refresh token rejected (invalid_grant)"
        )
    }

    @Test func aLoginLinkIsALinkAndNotADetail() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        let link = LoginLink(
            url: "https://device.sso.us-east-1.amazonaws.com/?user_code=BCDF-GHJK", userCode: "BCDF-GHJK",
            expiresAt: Date(timeIntervalSince1970: 1_795_792_445))
        var details = link.details
        details["session_expires_at"] = "2026-11-27T15:00:00Z"
        #expect(await channel.deliver(sampleEvent(details: details)) == .delivered)
        let event = try #require(fake.events.first)
        #expect(
            event.body["links"]
                == .array([
                    .object([
                        ("href", .string("https://device.sso.us-east-1.amazonaws.com/?user_code=BCDF-GHJK")),
                        ("text", .string("Approve the login (code BCDF-GHJK, until 2026-11-27T15:14:05Z)")),
                    ])
                ]))
        let custom = try #require(event.body["payload"]?["custom_details"])
        #expect(custom["login_url"] == nil && custom["login_user_code"] == nil)
        #expect(custom["session_expires_at"] == .string("2026-11-27T15:00:00Z"))
        // The resolution carries no link: there is nothing left to approve.
        #expect(await channel.deliver(sampleEvent(state: .ok, previous: .expired, details: details)) == .delivered)
        #expect(fake.events.last?.body["links"] == nil)
    }

    @Test func aLoginRequestIsAnInfoTriggerWithItsOwnKeyThatItsClosingEventResolves() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        let link = LoginLink(
            url: "https://device.sso.us-east-1.amazonaws.com/?user_code=WXYZ-BCDF", userCode: "WXYZ-BCDF",
            expiresAt: Date(timeIntervalSince1970: 1_795_792_445))
        let at = Date(timeIntervalSince1970: 1_795_791_845)
        // As the `login` command announces it: kind login, fingerprint login:NAME, the request's number.
        let request = AlertEvent.loginRequest(
            .requested, number: 3, probe: "prod", targetState: .expired,
            summary: "approve the device authorization for prod", details: link.details, at: at, host: "build-mac-3")
        let approved = AlertEvent.loginRequest(
            .approved, number: 3, probe: "prod", targetState: .expired, summary: "the login for prod was approved",
            at: at.addingTimeInterval(60), host: "build-mac-3")
        #expect(await channel.deliver(sampleEvent()) == .delivered)
        #expect(await channel.deliver(request) == .delivered)
        let opened = try #require(fake.events.last)
        #expect(opened.action == "trigger")
        #expect(opened.severity == "info")
        #expect(opened.dedupKey == "sso-self-healing/build-mac-3/login:prod/3")
        #expect(opened.summary?.hasPrefix("login requested for prod on build-mac-3: ") == true)
        #expect(opened.body["links"]?.arrayValue?.first?["href"] == .string(link.url))
        #expect(await channel.deliver(approved) == .delivered)
        let closed = try #require(fake.events.last)
        #expect(closed.action == "resolve")
        #expect(closed.dedupKey == opened.dedupKey)
        #expect(closed.summary?.hasPrefix("login approved for prod on build-mac-3: ") == true)
        #expect(closed.body["links"] == nil)
        // The expired session's alert stays open; the login request's alert is resolved.
        #expect(fake.alerts.count == 2)
        #expect(fake.alerts.filter { $0.resolved }.map(\.dedupKey) == [opened.dedupKey])
    }

    @Test func aTestAlertIsTriggeredThenResolvedAtOnce() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        let test = sampleEvent(
            state: .degraded, episode: 0, test: true, fingerprint: "test:10-test",
            summary: "TEST from sso-self-healing on build-mac-3: this is a test alert", remedy: nil, details: [:])
        #expect(await channel.deliver(test) == .delivered)
        #expect(fake.events.map(\.action) == ["trigger", "resolve"])
        #expect(fake.events.first?.summary?.hasPrefix("TEST: prod is degraded on build-mac-3: TEST from") == true)
        let alert = try #require(fake.alerts.first)
        #expect(alert.dedupKey == "sso-self-healing/build-mac-3/test/0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e")
        #expect(alert.resolved)
    }

    @Test func longTextsAndKeysStayWithinPagerDutysLimits() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        let host = String(repeating: "very-long-host-name.", count: 12) + "example.com"
        let summary = String(repeating: "a line\nwith ü and ✓ ", count: 200)
        #expect(await channel.deliver(sampleEvent(host: host, summary: summary)) == .delivered, "\(fake.rejections)")
        #expect(await channel.deliver(sampleEvent(state: .ok, previous: .expired, host: host)) == .delivered)
        let trigger = try #require(fake.events.first)
        #expect(trigger.summary?.unicodeScalars.count == 1024)
        #expect(trigger.summary?.contains("\n") == false)
        #expect(trigger.dedupKey.count == 255)
        #expect(fake.alerts.count == 1)
        #expect(fake.alerts.first?.resolved == true)
        // Another episode of the same long-named host is another key.
        #expect(await channel.deliver(sampleEvent(episode: 8, host: host)) == .delivered)
        #expect(fake.alerts.count == 2)
    }

    @Test func anInvalidEventFailsWithPagerDutysReason() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let (logger, logs) = capturingLogger()
        let channel = try makeChannel(fake, logger: logger)
        fake.failNext(
            .refuse(
                status: 400,
                body: FakePagerDutyEventsAPI.invalidEvent([
                    "'payload.summary' is missing or blank", "'payload.source' is missing or blank",
                ])))
        let expected =
            "PagerDuty refused the event (HTTP 400): Event object is invalid ('payload.summary' is missing or blank; 'payload.source' is missing or blank)"
        #expect(await channel.deliver(sampleEvent()) == .failed(reason: expected))
        #expect(logLines(logs).contains { $0.hasPrefix("warning pagerduty refused the event: " + expected) })
    }

    @Test func anUnknownOrMalformedRoutingKeyFailsAndSaysWhichKeyToCheck() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let unknown = try makeChannel(fake, key: FakePagerDutyEventsAPI.makeRoutingKey())
        #expect(
            await unknown.deliver(sampleEvent())
                == .failed(
                    reason:
                        "PagerDuty refused the event (HTTP 400): Event object is invalid (Invalid routing key) — check routing_key: the Integration Key of the service's Events API v2 integration"
                ))
        #expect(fake.events.isEmpty)
    }

    @Test func rateLimitsRetryAfterPagerDutysRetryAfter() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        fake.failNext(.rateLimited(retryAfter: 12))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(
                    after: .seconds(12),
                    reason:
                        "PagerDuty is throttling events (HTTP 429): Requests for this service are arriving too quickly")
        )
        fake.failNext(.rateLimited(retryAfter: nil))
        guard case .retry(nil, _) = await channel.deliver(sampleEvent()) else {
            Issue.record("a 429 without Retry-After is not retried with the backoff")
            return
        }
        #expect(await channel.deliver(sampleEvent()) == .delivered)
        #expect(fake.events.count == 1)
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsRetry(status: Int) async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        fake.failNext(.serverError(status: status))
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(after: nil, reason: "PagerDuty answered HTTP \(status): Internal Server Error"))
        #expect(await channel.deliver(sampleEvent()) == .delivered)
    }

    @Test func networkFailuresRetry() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try makeChannel(fake)
        fake.failNext(.dropConnection)
        guard case .retry(nil, _) = await channel.deliver(sampleEvent()) else {
            Issue.record("a dropped connection is not retried")
            return
        }
        fake.stop()
        #expect(
            await channel.deliver(sampleEvent())
                == .retry(after: nil, reason: "PagerDuty request: could not connect to the server"))
        #expect(fake.events.isEmpty)
    }

    @Test func aWrongAPIURLFailsAndSaysSo() async throws {
        let fake = try FakePagerDutyEventsAPI()
        let channel = try DropIn.notifier(
            "type = \"pagerduty\"\nrouting_key = \"\(fake.routingKey)\"\napi_url = \"\(fake.apiURL)/v1\"\n",
            type: PagerDutyNotifier.type, factory: PagerDutyNotifier.factory, logger: .init(label: "test"))
        #expect(
            await channel.deliver(sampleEvent())
                == .failed(
                    reason:
                        "PagerDuty refused the event (HTTP 404): Not Found — check api_url: the Events API's base URL, such as https://events.pagerduty.com"
                ))
    }
}
