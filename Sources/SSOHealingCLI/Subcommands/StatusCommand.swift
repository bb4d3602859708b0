import ArgumentParser
import SSOHealingAWSSSO
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

extension SSOSelfHealingCommand {
    /// `status`: what the state directory knows, without probing.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show each target's state, last probe, last event and pending deliveries, without probing.",
            discussion: "Exit status as for check: 0 ok, 1 degraded, 2 expired, 3 unknown or error."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func run() async throws {
            let context = CommandContext(global: global)
            let state: EngineState
            do {
                state = try context.store.read()
            } catch {
                Output.error("cannot read the state: \(error.description)")
                throw ExitCode(ExitStatus.unknown)
            }
            // The configuration says which targets exist now; state may remember removed ones.
            let names = context.targetNames() ?? state.targets.keys.sorted()
            let now = context.now()
            var profiles: [String: [ProfileRoleStatus]] = [:]
            for name in names where state.targets[name]?.kind == AWSSSOProbe.kind {
                profiles[name] = AWSSSOProbe.roleChecks(
                    ofSession: name, environment: context.environment, stateDirectory: context.stateDirectory)
            }
            if json {
                Output.print(
                    StatusReport.json(state: state, names: names, now: now, profiles: profiles).serialized(pretty: true)
                )
            } else {
                Output.print(
                    StatusReport.text(state: state, names: names, now: now, profiles: profiles), terminator: "")
            }
            // The daemon's own target is shown, and alerted, but the exit status speaks of the probes.
            let probed = names.filter { state.targets[$0]?.kind != ConfigurationHealthProbe.kind }
            throw ExitCode(ExitStatus.nagios(probed.map { state.targets[$0]?.health.state ?? .unknown }))
        }
    }
}

/// How `status` prints the state.
enum StatusReport {
    /// `profiles` holds the role checks of each aws-sso target's profiles.
    static func text(
        state: EngineState, names: [String], now: Date, profiles: [String: [ProfileRoleStatus]] = [:]
    ) -> String {
        var lines: [String] = []
        if names.isEmpty { lines.append("no probes configured") }
        for name in names {
            guard let record = state.targets[name] else {
                lines.append("\(Output.field(name)): UNKNOWN - not probed yet")
                continue
            }
            var header =
                "\(Output.field(name)) (\(Output.field(record.kind))): \(record.health.state.rawValue.uppercased())"
            if let since = record.health.since { header += " since \(Timestamp.string(since))" }
            if record.health.episode > 0 { header += ", episode \(record.health.episode)" }
            lines.append(header)
            if let result = record.lastResult {
                var probe =
                    "  last probe: \(Timestamp.string(result.at)) \(result.state.rawValue) - \(Output.field(result.summary))"
                if let latency = result.latencySeconds { probe += " (\(Self.wholeMilliseconds(latency)) ms)" }
                lines.append(probe)
                if let remedy = result.remedy, record.health.state != .ok {
                    lines.append("  remedy: \(Output.field(remedy))")
                }
                for (key, value) in result.details.sorted(by: { $0.key < $1.key }) {
                    lines.append(
                        "  \(Output.field(key.replacing("_", with: " "))): \(Output.field(value))\(relative(value, now: now))"
                    )
                }
            }
            if record.kind == AWSSSOProbe.kind {
                lines += sessionLines(record, profiles: profiles[name] ?? [], now: now)
            }
            if let event = record.lastEvent {
                lines.append(
                    "  last event: \(Timestamp.string(event.at)) \(event.previous.rawValue) → \(event.state.rawValue) (id \(Output.field(event.id)))"
                )
            }
            if let login = record.login {
                lines.append(
                    "  last login request: #\(login.number) \(login.phase.rawValue), opened \(Timestamp.string(login.openedAt)) "
                        + "(code \(Output.field(login.link.userCode)), link until \(Timestamp.string(login.link.expiresAt)))"
                )
            }
        }
        let pending = Dictionary(grouping: state.outbox, by: \.channel)
        if !pending.isEmpty {
            lines.append("outbox:")
            for (channel, deliveries) in pending.sorted(by: { $0.key < $1.key }) {
                let head = deliveries[0]
                var line =
                    "  \(Output.field(channel)): \(deliveries.count) pending, next attempt \(Timestamp.string(head.nextAttemptAt))"
                if let error = head.lastError { line += ", last error: \(Output.field(error))" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `seconds` in whole milliseconds, rounded and written as C's `%.0f` does it.
    static func wholeMilliseconds(_ seconds: Double) -> String {
        // The longest `%.0f` is a sign and the 309 digits of the greatest Double.
        var buffer = [CChar](repeating: 0, count: 320)
        _ = withVaList([seconds * 1000]) { vsnprintf(&buffer, buffer.count, "%.0f", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// " (in 3d 4h)" or " (2h ago)" for a timestamp value.
    static func relative(_ value: String, now: Date) -> String {
        guard let date = Timestamp.parse(value) else { return "" }
        let seconds = date.timeIntervalSince(now)
        let text = ConfigDuration.format(.seconds(Int64(abs(seconds) / 60) * 60))
        if abs(seconds) < 60 { return " (now)" }
        return seconds > 0 ? " (in \(text))" : " (\(text) ago)"
    }

    /// `profiles` holds the role checks of each aws-sso target's profiles.
    static func json(
        state: EngineState, names: [String], now: Date, profiles: [String: [ProfileRoleStatus]] = [:]
    ) -> JSONValue {
        let targets: [JSONValue] = names.map { name in
            guard let record = state.targets[name] else {
                return .object([("name", .string(name)), ("state", .string(HealthState.unknown.rawValue))])
            }
            var pairs: [(String, JSONValue)] = [
                ("name", .string(name)), ("kind", .string(record.kind)),
                ("state", .string(record.health.state.rawValue)),
                ("since", record.health.since.map { .string(Timestamp.string($0)) } ?? .null),
                ("episode", .int(Int64(record.health.episode))),
            ]
            if let result = record.lastResult {
                pairs.append(
                    (
                        "last_probe",
                        JSONValue.parse(
                            String(decoding: (try? AlertEvent.encoder().encode(result)) ?? Data(), as: UTF8.self))
                            ?? .null
                    ))
            } else {
                pairs.append(("last_probe", .null))
            }
            pairs.append(("last_event", record.lastEvent.map(CheckReport.eventJSON) ?? .null))
            if let login = record.login {
                pairs.append(
                    (
                        "last_login_request",
                        .object([
                            ("number", .int(Int64(login.number))), ("phase", .string(login.phase.rawValue)),
                            ("opened_at", .string(Timestamp.string(login.openedAt))),
                            ("user_code", .string(login.link.userCode)),
                            ("link_expires_at", .string(Timestamp.string(login.link.expiresAt))),
                        ])
                    ))
            }
            if record.kind == AWSSSOProbe.kind {
                pairs.append(("session", sessionJSON(record, profiles: profiles[name] ?? [])))
            }
            return .object(pairs)
        }
        let outbox: [JSONValue] = state.outbox.map { delivery in
            .object([
                ("channel", .string(delivery.channel)), ("event_id", .string(delivery.event.id)),
                ("probe", .string(delivery.event.probe)), ("state", .string(delivery.event.state.rawValue)),
                ("reminder", .int(Int64(delivery.event.reminder))), ("attempts", .int(Int64(delivery.attempts))),
                ("enqueued_at", .string(Timestamp.string(delivery.enqueuedAt))),
                ("next_attempt_at", .string(Timestamp.string(delivery.nextAttemptAt))),
                ("last_error", delivery.lastError.map(JSONValue.string) ?? .null),
            ])
        }
        return .object([
            ("at", .string(Timestamp.string(now))), ("targets", .array(targets)), ("outbox", .array(outbox)),
        ])
    }
}
