import Foundation
import InMemoryLogging
import Logging
import SSOHealingCore

/// A conformance check any notifier can run against itself, a custom one included, the way
/// swift-configuration ships a compatibility test for providers.
///
/// The harness connects the check to the notifier's real counterpart (a loopback server, an
/// SMTP sink, a notification daemon): it builds the notifier, switches the counterpart between
/// accepting and failing, and reports what it received. The check then verifies that the
/// notifier delivers well-formed events of every shape, tells a passing fault from a permanent
/// one, and never lets a seeded secret into a log line, a delivery result or a delivered message.
///
/// ```swift
/// @Test func slackConforms() async throws {
///     let problems = try await NotifierConformance.run(harness)
///     #expect(problems.isEmpty, "\(problems)")
/// }
/// ```
public enum NotifierConformance {
    /// What the counterpart does with the next deliveries.
    public enum Mode: Sendable, Hashable {
        /// Accept every message.
        case accept
        /// Fail in a way that a retry may fix (429, 5xx, EX_TEMPFAIL, …).
        case transientFailure
        /// Fail in a way no retry fixes (bad credentials, unknown recipient, …).
        case permanentFailure
    }

    /// Connects the check to one notifier and its counterpart.
    public struct Harness: Sendable {
        /// Values that must never appear in a log line, a delivery result or a delivered message
        /// (tokens, URLs, …).
        public var secrets: [String]
        /// The failure modes the counterpart can simulate (`accept` is always required).
        public var modes: Set<Mode>
        /// Builds the notifier under test, logging to `logger`.
        public var makeNotifier: @Sendable (Logger) throws -> any Notifier
        /// Switches the counterpart's behaviour.
        public var setMode: @Sendable (Mode) async throws -> Void
        /// The human-visible text of every message the counterpart accepted so far, in order.
        public var received: @Sendable () async throws -> [String]

        /// Creates a harness.
        public init(
            secrets: [String], modes: Set<Mode> = [.accept, .transientFailure, .permanentFailure],
            makeNotifier: @escaping @Sendable (Logger) throws -> any Notifier,
            setMode: @escaping @Sendable (Mode) async throws -> Void,
            received: @escaping @Sendable () async throws -> [String]
        ) {
            self.secrets = secrets
            self.modes = modes
            self.makeNotifier = makeNotifier
            self.setMode = setMode
            self.received = received
        }
    }

    /// The events the check delivers: a transition with details and remedy, a reminder, a
    /// resolved notice, a test alert, and one with a very long, markup-laden summary.
    public static func sampleEvents(at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> [AlertEvent] {
        let details = [
            "access_token_expires_at": "2027-01-15T10:00:00Z", "session_expires_at": "2027-02-01T09:00:00Z",
        ]
        return [
            AlertEvent(
                fingerprint: "aws-sso:prod", episode: 3, probe: "prod", kind: "aws-sso", previous: .ok, state: .expired,
                summary: "conformance-transition: SSO session for profile prod expired (invalid_grant)",
                remedy: "aws sso login --profile prod", details: details, at: date, host: "conformance-host"),
            AlertEvent(
                fingerprint: "aws-sso:prod", episode: 3, probe: "prod", kind: "aws-sso", previous: .ok, state: .expired,
                reminder: 2, summary: "conformance-reminder: still expired", remedy: "aws sso login --profile prod",
                at: date, host: "conformance-host"),
            AlertEvent(
                fingerprint: "aws-sso:prod", episode: 3, probe: "prod", kind: "aws-sso", previous: .expired, state: .ok,
                summary: "conformance-resolved: session renewed", at: date, host: "conformance-host"),
            AlertEvent(
                fingerprint: "test:channel", episode: 0, probe: "test", kind: "test", previous: .ok, state: .degraded,
                summary: "conformance-test: this is a test alert", at: date, host: "conformance-host", test: true),
            AlertEvent(
                fingerprint: "command:vpn", episode: 1, probe: "vpn", kind: "command", previous: .ok, state: .degraded,
                summary: "conformance-long: <b>&amp;</b> \"quotes\" 'single' `tick` *star* _under_ [link](x) ü ✓ "
                    + String(repeating: "0123456789 ", count: 600),
                remedy: "check <the> VPN & restart", at: date, host: "conformance-host"),
        ]
    }

    /// Runs every check; returns the problems found (empty when the notifier conforms).
    public static func run(_ harness: Harness) async throws -> [String] {
        var problems: [String] = []
        let recorder = InMemoryLogHandler()
        var logger = Logger(label: "conformance") { _ in recorder }
        logger.logLevel = .trace
        let notifier = try harness.makeNotifier(logger)
        var reasons: [String] = []

        try await harness.setMode(.accept)
        let before = try await harness.received().count
        let events = sampleEvents()
        for event in events {
            let result = await notifier.deliver(event)
            if result != .delivered {
                problems.append("accepting counterpart: \(marker(of: event)) gave \(result.description), not delivered")
            }
            reasons.append(result.description)
        }
        let received = try await harness.received()
        let delivered = received.dropFirst(before)
        if received.count - before != events.count {
            problems.append(
                "accepting counterpart received \(received.count - before) messages for \(events.count) events")
        } else {
            for (event, text) in zip(events, delivered) {
                let expected = marker(of: event)
                if !text.contains(expected) {
                    problems.append("message for \(expected) does not show its summary: \(text.prefix(200))")
                }
                if !text.contains(event.probe) {
                    problems.append("message for \(expected) does not name the probe \"\(event.probe)\"")
                }
            }
        }

        let failing: [(Mode, String)] = [(.transientFailure, "retry"), (.permanentFailure, "failed")]
        for (mode, expected) in failing where harness.modes.contains(mode) {
            try await harness.setMode(mode)
            let result = await notifier.deliver(events[0])
            reasons.append(result.description)
            switch (mode, result) {
            case (.transientFailure, .retry), (.permanentFailure, .failed): break
            default: problems.append("\(mode) counterpart gave \(result.description), expected \(expected)")
            }
        }
        try await harness.setMode(.accept)

        let logText = recorder.entries.map { entry in
            "\(entry.message) \(entry.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        }
        for secret in harness.secrets where !secret.isEmpty {
            if logText.contains(where: { $0.contains(secret) }) {
                problems.append("a log line contains a seeded secret (\(secret.prefix(4))…)")
            }
            if reasons.contains(where: { $0.contains(secret) }) {
                problems.append("a delivery result contains a seeded secret (\(secret.prefix(4))…)")
            }
            if delivered.contains(where: { $0.contains(secret) }) {
                problems.append("a delivered message contains a seeded secret (\(secret.prefix(4))…)")
            }
        }
        return problems
    }

    /// The distinctive word each sample event's summary starts with.
    public static func marker(of event: AlertEvent) -> String {
        String(event.summary.prefix { $0 != ":" })
    }
}
