import Foundation
import InMemoryLogging
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingPagerDutyNotifier
import SSOHealingTestKit

/// An event of episode 7 of `aws-sso:prod` on build-mac-3, every field set to something recognisable.
func sampleEvent(
    state: HealthState = .expired, previous: HealthState = .ok, episode: Int = 7, transition: Int = 0,
    reminder: Int = 0, test: Bool = false, fingerprint: String = "aws-sso:prod", host: String = "build-mac-3",
    summary: String = "SSO session for profile prod expired: refresh token rejected (invalid_grant)",
    remedy: String? = "aws sso login --profile prod",
    details: [String: String] = ["session_expires_at": "2026-11-27T15:00:00Z"]
) -> AlertEvent {
    AlertEvent(
        id: "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e", fingerprint: fingerprint, episode: episode,
        transition: transition, probe: "prod", kind: "aws-sso", previous: previous, state: state, reminder: reminder,
        summary: summary, remedy: remedy, details: details, at: Date(timeIntervalSince1970: 1_795_791_845), host: host,
        test: test)
}

/// A drop-in for `fake`: its key through `${PAGERDUTY_ROUTING_KEY}`, its URL as `api_url`.
func dropIn(_ fake: FakePagerDutyEventsAPI, extra: String = "") -> String {
    """
    type = "pagerduty"
    routing_key = "${PAGERDUTY_ROUTING_KEY}"
    api_url = "\(fake.apiURL)"
    timeout = "5s"
    \(extra)
    """
}

/// A channel built through the real loader, sending to `fake` with `key` (by default its own).
func makeChannel(
    _ fake: FakePagerDutyEventsAPI, key: String? = nil, logger: Logger = Logger(label: "test.pagerduty")
) throws -> any Notifier {
    try DropIn.notifier(
        dropIn(fake), type: PagerDutyNotifier.type, factory: PagerDutyNotifier.factory, logger: logger,
        environment: ["PAGERDUTY_ROUTING_KEY": key ?? fake.routingKey])
}

/// A logger that keeps every entry, down to trace, and the handler holding them.
func capturingLogger() -> (Logger, InMemoryLogHandler) {
    let capture = LogCapture(label: "test.pagerduty")
    return (capture.logger, capture.handler)
}

/// Every log entry as one line: message and metadata.
func logLines(_ handler: InMemoryLogHandler) -> [String] { LogCapture.lines(of: handler) }

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The built `sso-self-healing` executable (`swift build --build-tests` builds it).
let builtBinary = BuiltExecutable.path()
