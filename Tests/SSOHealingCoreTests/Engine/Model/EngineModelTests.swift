import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The engine's promises as properties: the real engine and ``ReferenceModel`` are driven by the
/// same seeded random sequences of probe results, channel answers, crashes, restarts, reloads,
/// cancellations and clock jumps, and every channel must receive the same notifications from
/// both, in the same order.
///
/// `MODEL_SEQUENCES` sets how many sequences run (10,000 by default; `./scripts/test` runs the
/// first 2,000 and `./scripts/test --long` all 10,000); `MODEL_SEED` replays one.
@Suite struct EngineModelTests {
    static let environment = ProcessInfo.processInfo.environment
    static let sequences = environment["MODEL_SEQUENCES"].flatMap(Int.init) ?? 10_000
    static let replay = environment["MODEL_SEED"].flatMap { UInt64($0) }
    static let firstSeed: UInt64 = 0x5EED_0000

    @Test func theEngineDeliversWhatTheReferenceModelSaysOnEverySeededSequence() async throws {
        let seeds = Self.replay.map { [$0] } ?? (0..<UInt64(Self.sequences)).map { Self.firstSeed + $0 }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var failures = 0
        var compared = 0
        for seed in seeds {
            let (outcome, deliveries) = await Self.run(seed: seed, directory: directory.path)
            compared += deliveries
            guard let problem = outcome else { continue }
            failures += 1
            Issue.record(
                """
                seed \(seed) disagrees with the reference model (replay: MODEL_SEED=\(seed) swift test --filter EngineModelTests):
                \(problem)
                """)
            if failures >= 3 { break }
        }
        print("engine model: \(seeds.count) sequences from seed \(seeds.first ?? 0), \(compared) deliveries compared")
        #expect(compared > seeds.count, "the sequences deliver almost nothing: the generator is broken")
    }

    /// Runs one sequence; nil when the engine and the model agree, else what differed and the
    /// steps; and how many deliveries were compared.
    static func run(seed: UInt64, directory: String) async -> (String?, Int) {
        var random = SeededRandom(seed: seed)
        var config = randomConfig(&random)
        var model = ReferenceModel(config: config)
        let real = EngineUnderTest(config: config, directory: directory)
        var steps: [String] = []
        var crashed = false
        var lastResults: [String: HealthState] = [:]
        let stepCount = 20 + random.below(30)
        for _ in 0..<stepCount {
            switch random.below(20) {
            case 0..<7:
                // A cycle, an interval after the last one.
                real.clock.advance(by: .seconds(600))
                var results: [(target: String, result: HealthState)] = []
                for target in config.targets {
                    let previous = lastResults[target.name] ?? .ok
                    let result = random.below(10) < 6 ? previous : HealthState.allCases[random.below(4)]
                    lastResults[target.name] = result
                    results.append((target.name, result))
                    real.probes[target.name]?.set(result)
                }
                steps.append("cycle \(results.map { "\($0.target)=\($0.result.rawValue)" }.joined(separator: " "))")
                do {
                    _ = try await real.engine.cycle()
                } catch {
                    return ("step \(steps.count): the cycle failed: \(error)\n" + steps.joined(separator: "\n"), 0)
                }
                model.cycle(results, at: real.clock.date)
            case 7..<12:
                // A channel's worker drains, once every retry is due.
                guard !config.channels.isEmpty else { continue }
                let channel = config.channels[random.below(config.channels.count)].name
                let answers = (0..<6).map { _ in
                    [ReferenceModel.Answer.delivered, .delivered, .retry, .failed][random.below(4)]
                }
                let crash = random.below(12) == 0
                real.clock.advance(by: .seconds(301))
                steps.append("drain \(channel) answers=\(answers) crash=\(crash)")
                real.notifiers[channel]?.script(answers, crash: crash)
                _ = await real.engine.drain(channel: channel)
                var modelAnswers = answers
                let died = model.drain(
                    channel, answer: { modelAnswers.isEmpty ? .delivered : modelAnswers.removeFirst() },
                    crashAfterDelivering: crash)
                if died {
                    crashed = true
                    steps.append("  (the process died before the acknowledgement; restart)")
                    real.restart()
                }
                real.notifiers[channel]?.script([], crash: false)
            case 12:
                // The process dies while writing a cycle's results: they are lost.
                real.clock.advance(by: .seconds(600))
                for target in config.targets { real.probes[target.name]?.set(.expired) }
                steps.append("cycle (the process dies before writing it)")
                real.storage.kill()
                if (try? await real.engine.cycle()) != nil {
                    return (
                        "step \(steps.count): a cycle whose write failed succeeded\n" + steps.joined(separator: "\n"), 0
                    )
                }
                crashed = true
                real.restart()
            case 13:
                steps.append("restart")
                real.restart()
            case 14, 15:
                config = mutate(config, &random)
                steps.append("reload \(describe(config))")
                real.reload(config)
                model.reload(config)
            case 16:
                // A cycle cut short by a shutdown: no result at all.
                real.clock.advance(by: .seconds(600))
                for target in config.targets { real.probes[target.name]?.hang() }
                steps.append("cycle cancelled")
                let engine = real.engine
                let task = Task { try await engine.cycle() }
                if !config.targets.isEmpty { await real.entered.wait() }
                task.cancel()
                let result = await task.result
                guard case .failure(let error) = result, error is CancellationError else {
                    return (
                        "step \(steps.count): a cancelled cycle did not end as cancelled: \(result)\n"
                            + steps.joined(separator: "\n"), 0
                    )
                }
                for target in config.targets { real.probes[target.name]?.set(lastResults[target.name] ?? .ok) }
            default:
                let jump = [60, 1800, 3600, 4 * 3600, 26 * 3600][random.below(5)]
                steps.append("clock +\(jump)s")
                real.clock.advance(by: .seconds(jump))
            }
        }
        // In the end every channel is reachable and takes everything.
        steps.append("final drain")
        for channel in config.channels {
            real.clock.advance(by: .seconds(301))
            _ = await real.engine.drain(channel: channel.name)
            _ = model.drain(channel.name, answer: { .delivered })
        }
        let deliveries = model.received.values.reduce(0) { $0 + $1.count }
        return (compare(real: real, model: model, crashed: crashed, steps: steps), deliveries)
    }

    static func compare(real: EngineUnderTest, model: ReferenceModel, crashed: Bool, steps: [String]) -> String? {
        for (name, notifier) in real.notifiers.sorted(by: { $0.key < $1.key }) {
            let events = notifier.received
            let got = events.map { event in
                ReferenceModel.Delivery(
                    channel: name, fingerprint: event.fingerprint, episode: event.episode,
                    transition: event.transition, reminder: event.reminder, previous: event.previous,
                    state: event.state, at: event.at, since: event.since)
            }
            let want = model.received[name] ?? []
            if got != want {
                return """
                    channel \(name) received:
                      \(got.map(\.description).joined(separator: "\n  "))
                    the model says:
                      \(want.map(\.description).joined(separator: "\n  "))
                    steps:
                    \(steps.joined(separator: "\n"))
                    """
            }
            // A repeat (only after a crash) carries the same event id: it is the same delivery.
            var ids: [String: String] = [:]
            for (delivery, event) in zip(got, events) {
                if let id = ids[delivery.key], id != event.id {
                    return "channel \(name): \(delivery.key) was delivered twice under different ids"
                }
                ids[delivery.key] = event.id
            }
            if !crashed && Set(got.map(\.key)).count != got.count {
                return "channel \(name): a delivery was repeated without a crash"
            }
        }
        return nil
    }

    static func randomConfig(_ random: inout SeededRandom) -> ReferenceModel.Config {
        let targets = (0..<(1 + random.below(3))).map { index in
            ReferenceModel.Target(
                name: "t\(index)", failureThreshold: 1 + random.below(3), successThreshold: 1 + random.below(2))
        }
        let channels = (0..<(1 + random.below(3))).map { index in randomChannel("c\(index)", targets, &random) }
        return ReferenceModel.Config(
            targets: targets, channels: channels, outboxMaxAge: [7200.0, 86_400][random.below(2)])
    }

    static func randomChannel(
        _ name: String, _ targets: [ReferenceModel.Target], _ random: inout SeededRandom
    ) -> ReferenceModel.Channel {
        ReferenceModel.Channel(
            name: name, minSeverity: [Severity.info, .info, .warning, .critical][random.below(4)],
            sendResolved: random.below(4) != 0, repeatInterval: [nil, 0, 1800, 3600][random.below(4)],
            probes: random.below(4) == 0 ? Set(targets.prefix(1).map(\.name)) : nil)
    }

    /// A reload: a channel's routing changes, a channel goes or comes back, or a threshold changes.
    static func mutate(_ config: ReferenceModel.Config, _ random: inout SeededRandom) -> ReferenceModel.Config {
        var config = config
        switch random.below(4) {
        case 0 where !config.channels.isEmpty:
            let index = random.below(config.channels.count)
            config.channels[index] = randomChannel(config.channels[index].name, config.targets, &random)
        case 1 where config.channels.count > 1:
            config.channels.remove(at: random.below(config.channels.count))
        case 2:
            let names = ["c0", "c1", "c2"].filter { name in !config.channels.contains { $0.name == name } }
            if let name = names.first {
                config.channels.append(randomChannel(name, config.targets, &random))
                config.channels.sort { $0.name < $1.name }
            }
        default:
            if !config.targets.isEmpty {
                let index = random.below(config.targets.count)
                config.targets[index].failureThreshold = 1 + random.below(3)
            }
        }
        return config
    }

    static func describe(_ config: ReferenceModel.Config) -> String {
        let targets = config.targets.map { "\($0.name)(f\($0.failureThreshold)s\($0.successThreshold))" }
        let channels = config.channels.map {
            "\($0.name)(\($0.minSeverity.rawValue),resolved=\($0.sendResolved),repeat=\($0.repeatInterval.map { "\(Int($0))" } ?? "default"),probes=\($0.probes.map { $0.sorted().joined(separator: "+") } ?? "all"))"
        }
        return "targets=\(targets.joined(separator: ",")) channels=\(channels.joined(separator: ","))"
    }
}
