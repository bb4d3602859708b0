import Foundation
import InMemoryLogging
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTelegramNotifier
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

/// A drop-in for `fake`: its token (through `${TELEGRAM_BOT_TOKEN}`), its API URL, and `extra` lines.
func dropIn(_ fake: FakeTelegramBotAPI, chat: String = "123456789", extra: String = "") -> String {
    """
    type = "telegram"
    bot_token = "${TELEGRAM_BOT_TOKEN}"
    chat_id = \(chat)
    api_url = "\(fake.apiURL)"
    timeout = "5s"
    \(extra)
    """
}

/// A channel built through the real loader from `dropIn(fake, …)`, logging to `logger`.
func makeChannel(
    _ fake: FakeTelegramBotAPI, chat: String = "123456789", extra: String = "", token: String? = nil,
    logger: Logger = Logger(label: "test.telegram")
) throws -> any Notifier {
    try DropIn.notifier(
        dropIn(fake, chat: chat, extra: extra), type: TelegramNotifier.type, factory: TelegramNotifier.factory,
        logger: logger, environment: ["TELEGRAM_BOT_TOKEN": token ?? fake.token])
}

/// A logger that keeps every entry, down to trace, and the handler holding them.
func capturingLogger() -> (Logger, InMemoryLogHandler) {
    let capture = LogCapture(label: "test.telegram")
    return (capture.logger, capture.handler)
}

/// Every log entry as one line: message and metadata.
func logLines(_ handler: InMemoryLogHandler) -> [String] { LogCapture.lines(of: handler) }

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The built `sso-self-healing` executable (`swift build --build-tests` builds it).
let builtBinary = BuiltExecutable.path()
