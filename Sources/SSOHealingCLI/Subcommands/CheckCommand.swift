import ArgumentParser
import SSOHealingCore

extension SSOSelfHealingCommand {
    /// `check`: one pass through the probes, the ledger and the channels.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Run the probes once, through the same ledger and channels as the daemon.",
            discussion: """
                For a systemd timer or launchd StartInterval: events are deduplicated with the daemon's \
                (a repeated check sends nothing new) and due outbox deliveries are attempted. Exit status \
                (Nagios) by the probes: 0 ok, 1 degraded, 2 expired, 3 unknown or error; 78 bad \
                configuration. A drop-in that cannot be built disables its own channel only: the probes \
                run, the other channels deliver, and the problem is printed and alerted as the target \
                sso-self-healing:config (which does not count toward the exit status).
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .customLong("probe"), help: "Run only this probe (repeatable).")
        var probes: [String] = []

        @Flag(name: .long, help: "Print the results as JSON.")
        var json = false

        func run() async throws {
            let context = CommandContext(global: global)
            let engine = try context.engineOrExit()
            try context.refuseUnusableState(of: engine.store, exitingWith: ExitStatus.unknown)
            let known = engine.runtime.probes.map(\.target.name)
            for name in probes where engine.runtime.slot(named: name) == nil {
                Output.error("no enabled probe named \"\(name)\" (known: \(known.joined(separator: ", ")))")
                throw ExitCode(ExitStatus.unknown)
            }
            let heartbeat = CycleHeartbeat(logger: context.logger)
            heartbeat.cycleStarting(engine)
            let outcomes: [ProbeOutcome]
            do {
                outcomes = try await engine.cycle(only: probes.isEmpty ? nil : Set(probes))
            } catch {
                Output.error("check failed: \(error)")
                heartbeat.reportFailure(of: engine, reason: "\(error)")
                await heartbeat.flush()
                throw ExitCode(ExitStatus.unknown)
            }
            heartbeat.report(outcomes, of: engine)
            let reports = await engine.drainAll()
            CycleMetrics.write(for: engine, logger: context.logger)
            await heartbeat.flush()
            // The exit status is each probed target's state after the thresholds; a target with
            // none yet (below the threshold on its first runs) answers with this run's result, so
            // a first UNKNOWN is 3. The daemon's own target (a disabled channel) does not count.
            let own = Set(engine.runtime.probes.filter(\.isConfigurationHealth).map(\.target.name))
            let states = outcomes.filter { !own.contains($0.name) }.map {
                $0.state == .unknown ? $0.result.state : $0.state
            }
            if json {
                Output.print(CheckReport.json(outcomes: outcomes, deliveries: reports).serialized(pretty: true))
            } else {
                if outcomes.allSatisfy({ own.contains($0.name) }) { Output.print("no probes configured") }
                for outcome in outcomes { Output.print(CheckReport.line(outcome)) }
                for report in reports {
                    Output.print("  → \(Output.field(report.channel)): \(Output.field(report.result.description))")
                }
            }
            throw ExitCode(ExitStatus.nagios(states))
        }
    }
}

/// How `check` prints what it did.
enum CheckReport {
    /// `NAME: STATE (this run: RESULT, …) - summary — remedy: …`: the target's state after the
    /// thresholds, then, when they differ or this run changed it, this run's result and how far
    /// it is from the threshold.
    static func line(_ outcome: ProbeOutcome) -> String {
        var line = "\(Output.field(outcome.name)): \(outcome.state.rawValue.uppercased())"
        if let run = progress(outcome) { line += " (this run: \(outcome.result.state.rawValue.uppercased()), \(run))" }
        line += " - \(Output.field(outcome.result.summary))"
        let failing = outcome.state != .ok || outcome.result.state != .ok
        if let remedy = outcome.result.remedy, failing { line += " — remedy: \(Output.field(remedy))" }
        if failing, let link = LoginLink(details: outcome.result.details) {
            line += " — " + Output.field(link.sentence)
        }
        return line
    }

    /// How this run stands against the threshold: `threshold reached` when it changed the state,
    /// `N of T failures before alerting` (or `successes before resolving`) while a run of
    /// differing results builds up; `nil` when it agrees with the state.
    static func progress(_ outcome: ProbeOutcome) -> String? {
        if outcome.event != nil { return "threshold reached" }
        let toward = HealthTracker.effectiveState(of: outcome.result.state)
        guard outcome.streak > 0 else {
            // Agrees with the state (an unknown result counts as degraded), or just became it.
            return outcome.result.state != outcome.state && !outcome.changed ? "counts as \(toward.rawValue)" : nil
        }
        let what =
            outcome.threshold == 1
            ? (toward == .ok ? "success" : "failure") : (toward == .ok ? "successes" : "failures")
        let goal = toward == .ok ? (outcome.state == .unknown ? "counting as ok" : "resolving") : "alerting"
        return "\(outcome.streak) of \(outcome.threshold) \(what) before \(goal)"
    }

    static func json(outcomes: [ProbeOutcome], deliveries: [DeliveryReport]) -> JSONValue {
        .object([
            (
                "probes",
                .array(
                    outcomes.map { outcome in
                        var pairs: [(String, JSONValue)] = [
                            ("name", .string(outcome.name)), ("state", .string(outcome.state.rawValue)),
                            ("result", .string(outcome.result.state.rawValue)),
                            ("streak", .int(Int64(outcome.streak))), ("threshold", .int(Int64(outcome.threshold))),
                            ("summary", .string(outcome.result.summary)),
                        ]
                        if let remedy = outcome.result.remedy { pairs.append(("remedy", .string(remedy))) }
                        if let latency = outcome.result.latencySeconds {
                            pairs.append(("latency_seconds", .double(latency)))
                        }
                        pairs.append(
                            (
                                "details",
                                .object(
                                    outcome.result.details.sorted { $0.key < $1.key }.map {
                                        ($0.key, .string($0.value))
                                    })
                            ))
                        if let event = outcome.event { pairs.append(("event", eventJSON(event))) }
                        return .object(pairs)
                    })
            ),
            (
                "deliveries",
                .array(
                    deliveries.map {
                        .object([
                            ("channel", .string($0.channel)), ("event_id", .string($0.event.id)),
                            ("result", .string($0.result.description)),
                        ])
                    })
            ),
        ])
    }

    static func eventJSON(_ event: AlertEvent) -> JSONValue {
        JSONValue.parse(event.jsonString()) ?? .null
    }
}
