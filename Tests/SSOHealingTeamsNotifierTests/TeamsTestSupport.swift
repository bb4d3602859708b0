import Foundation
import InMemoryLogging
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTeamsNotifier
import SSOHealingTestKit

/// An expired-session event with every field set to something recognisable.
func sampleEvent(
    state: HealthState = .expired, previous: HealthState = .ok, reminder: Int = 0, test: Bool = false,
    summary: String = "SSO session for profile prod expired: refresh token rejected (invalid_grant)",
    remedy: String? = "aws sso login --profile prod",
    details: [String: String] = ["session_expires_at": "2026-11-27T15:00:00Z"]
) -> AlertEvent {
    AlertEvent(
        id: "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e", fingerprint: "aws-sso:prod", episode: 7, probe: "prod",
        kind: "aws-sso", previous: previous, state: state, reminder: reminder, summary: summary, remedy: remedy,
        details: details, at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3", test: test)
}

/// A drop-in whose URL comes from `${TEAMS_WORKFLOW_URL}`.
let dropIn = """
    type = "teams"
    url = "${TEAMS_WORKFLOW_URL}"
    timeout = "5s"
    """

/// A channel built through the real loader, posting to `url` (by default `fake`'s), logging to `logger`.
func makeChannel(
    _ fake: FakeTeamsWorkflow, url: String? = nil, logger: Logger = Logger(label: "test.teams")
) throws -> any Notifier {
    try DropIn.notifier(
        dropIn, type: TeamsNotifier.type, factory: TeamsNotifier.factory, logger: logger,
        environment: ["TEAMS_WORKFLOW_URL": url ?? fake.url])
}

/// A logger that keeps every entry, down to trace, and the handler holding them.
func capturingLogger() -> (Logger, InMemoryLogHandler) {
    let capture = LogCapture(label: "test.teams")
    return (capture.logger, capture.handler)
}

/// Every log entry as one line: message and metadata.
func logLines(_ handler: InMemoryLogHandler) -> [String] { LogCapture.lines(of: handler) }

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The built `sso-self-healing` executable (`swift build --build-tests` builds it).
let builtBinary = BuiltExecutable.path()
