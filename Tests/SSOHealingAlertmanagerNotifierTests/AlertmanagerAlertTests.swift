import Foundation
import SSOHealingCore
import Testing

@testable import SSOHealingAlertmanagerNotifier

/// An event of the target `aws-sso:prod` on `build-mac-3`.
func event(
    _ state: HealthState, previous: HealthState = .ok, reminder: Int = 0, at: Date, since: Date? = nil,
    test: Bool = false
) -> AlertEvent {
    AlertEvent(
        fingerprint: "aws-sso:prod", episode: 4, probe: "prod", kind: "aws-sso", previous: previous, state: state,
        reminder: reminder, summary: "SSO session for profile prod is \(state.rawValue)",
        remedy: state == .ok ? nil : "aws sso login --profile prod",
        details: ["session_expires_at": "2027-01-01T00:00:00Z", "not a name": "x"], at: at, host: "build-mac-3",
        test: test, since: since)
}

@Suite struct AlertmanagerAlertTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func anExpiryFiresOneAlertWithStableLabelsAndAnEndAheadOfNow() throws {
        let now = start.addingTimeInterval(5)
        let alerts = AlertmanagerAlert.alerts(
            for: event(.expired, at: start), extraLabels: ["team": "platform"], endsAfter: .seconds(1800), now: now)
        let alert = try #require(alerts.only)
        #expect(
            alert.labels == [
                "alertname": "SSOSessionExpired", "probe": "prod", "kind": "aws-sso", "host": "build-mac-3",
                "severity": "critical", "team": "platform",
            ])
        #expect(alert.annotations["summary"] == "SSO session for profile prod is expired")
        #expect(alert.annotations["remedy"] == "aws sso login --profile prod")
        #expect(alert.annotations["description"]?.contains("prod (aws-sso) on build-mac-3 is expired") == true)
        #expect(alert.annotations["session_expires_at"] == "2027-01-01T00:00:00Z")
        #expect(alert.annotations["not a name"] == nil)
        #expect(alert.startsAt == start)
        #expect(alert.endsAt == now.addingTimeInterval(1800))
    }

    @Test func aReSendKeepsTheLabelsAndTheStartAndMovesTheEnd() throws {
        let first = try #require(
            AlertmanagerAlert.alerts(for: event(.expired, at: start), endsAfter: .seconds(240), now: start).only)
        let later = start.addingTimeInterval(600)
        let resent = try #require(
            AlertmanagerAlert.alerts(
                for: event(.expired, reminder: 10, at: later, since: start), endsAfter: .seconds(240), now: later
            ).only)
        #expect(resent.labels == first.labels)
        #expect(resent.startsAt == start)
        #expect(resent.endsAt == later.addingTimeInterval(240))
    }

    @Test func aRecoveryResolvesBothStatesAtItsTime() {
        let recovered = start.addingTimeInterval(900)
        let alerts = AlertmanagerAlert.alerts(
            for: event(.ok, previous: .expired, at: recovered), endsAfter: .seconds(240), now: recovered)
        #expect(alerts.map { $0.labels["alertname"] } == ["SSOSessionDegraded", "SSOSessionExpired"])
        #expect(alerts.map { $0.labels["severity"] } == ["warning", "critical"])
        #expect(alerts.allSatisfy { $0.endsAt == recovered && $0.startsAt <= $0.endsAt })
        let firing = AlertmanagerAlert.alerts(for: event(.expired, at: start), endsAfter: .seconds(240), now: start)
        #expect(alerts.last?.labels == firing.first?.labels)
    }

    @Test func aChangeFromDegradedToExpiredResolvesTheDegradedAlert() {
        let alerts = AlertmanagerAlert.alerts(
            for: event(.expired, previous: .degraded, at: start), endsAfter: .seconds(240), now: start)
        #expect(alerts.map { $0.labels["alertname"] } == ["SSOSessionExpired", "SSOSessionDegraded"])
        #expect(alerts[1].endsAt == start)
        #expect(alerts[0].endsAt > start)
    }

    @Test func aLoginRequestFiresAnInfoAlertOfItsOwnUntilItsLinkEndsAndItsCloseResolvesIt() throws {
        let link = LoginLink(url: "https://device.example/?user_code=X", userCode: "X", expiresAt: start + 600)
        let opened = AlertEvent.loginRequest(
            .requested, number: 2, probe: "prod", targetState: .ok, summary: "login requested", details: link.details,
            at: start, host: "build-mac-3")
        let alert = try #require(
            AlertmanagerAlert.alerts(for: opened, endsAfter: .seconds(1800), now: start).only)
        #expect(alert.labels["alertname"] == "SSOLoginRequested" && alert.labels["severity"] == "info")
        #expect(alert.labels["kind"] == "login" && alert.startsAt == start && alert.endsAt == start + 600)

        let closed = AlertEvent.loginRequest(
            .denied, number: 2, probe: "prod", targetState: .ok, summary: "denied", at: start + 60,
            host: "build-mac-3")
        let closing = try #require(AlertmanagerAlert.alerts(for: closed, endsAfter: .seconds(1800), now: start).only)
        #expect(closing.labels == alert.labels, "the close updates the same alert")
        #expect(closing.endsAt == start + 60)
    }

    @Test func aTestAlertIsMarkedAndResolvesByItself() throws {
        let alert = try #require(
            AlertmanagerAlert.alerts(for: event(.degraded, at: start, test: true), endsAfter: .seconds(240), now: start)
                .only)
        #expect(alert.labels["alertname"] == "SSOSelfHealingTest")
        #expect(alert.labels["test"] == "true")
        #expect(alert.endsAt == start.addingTimeInterval(300))
    }

    @Test func theBodyIsAnArrayOfPostableAlerts() throws {
        let body = AlertmanagerAlert.body(
            AlertmanagerAlert.alerts(for: event(.expired, at: start), endsAfter: .seconds(60), now: start))
        let alert = try #require(JSONValue.parse(body)?.arrayValue?.only)
        #expect(alert["labels"]?["alertname"]?.stringValue == "SSOSessionExpired")
        #expect(alert["startsAt"]?.stringValue == Timestamp.string(start))
        #expect(alert["endsAt"]?.stringValue == Timestamp.string(start.addingTimeInterval(60)))
    }

    @Test func theEndpointIsTheAPIPathUnderTheBaseURL() {
        #expect(AlertmanagerNotifier.endpoint(for: "http://am:9093") == "http://am:9093/api/v2/alerts")
        #expect(AlertmanagerNotifier.endpoint(for: "http://am:9093/") == "http://am:9093/api/v2/alerts")
        #expect(AlertmanagerNotifier.endpoint(for: "https://h/prefix/?k=v") == "https://h/prefix/api/v2/alerts?k=v")
        #expect(AlertmanagerNotifier.endpoint(for: "https://h/api/v2/alerts") == "https://h/api/v2/alerts")
    }

    @Test func endsAfterDefaultsToFourReSendsAndAtLeastThreeProbeIntervals() {
        #expect(
            AlertmanagerNotifier.defaultEndsAfter(resendInterval: .seconds(60), probeInterval: .seconds(600))
                == .seconds(1800))
        #expect(
            AlertmanagerNotifier.defaultEndsAfter(resendInterval: .seconds(60), probeInterval: .seconds(30))
                == .seconds(240))
    }

    @Test func labelNames() {
        #expect(AlertmanagerAlert.isValidName("team_1"))
        #expect(AlertmanagerAlert.isValidName("_x"))
        #expect(!AlertmanagerAlert.isValidName("1x"))
        #expect(!AlertmanagerAlert.isValidName("a-b"))
        #expect(!AlertmanagerAlert.isValidName(""))
    }
}

extension Collection {
    /// The single element, or `nil` when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
