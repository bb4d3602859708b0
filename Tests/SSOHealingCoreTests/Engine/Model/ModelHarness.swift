import Foundation
import Logging
import SSOHealingCore
import SSOHealingTestKit
import Synchronization

/// A storage that can die: after ``kill()`` every write fails, as if the process had died just
/// before it; ``revive()`` is the restart that follows.
final class MortalStorage: StateStorage {
    let base: InMemoryStateStorage
    private let dead = Mutex(false)

    init(directory: String) {
        base = InMemoryStateStorage(directory: directory)
    }

    func kill() { dead.withLock { $0 = true } }
    func revive() { dead.withLock { $0 = false } }

    var directory: String { base.directory }
    func location(of slot: StateSlot) -> String { base.location(of: slot) }
    func withLock<T>(_ body: () throws -> T) throws -> T { try base.withLock(body) }
    func identities() throws(StateStore.Failure) -> StateIdentities { base.identities() }
    func load(_ slot: StateSlot) throws(StateStore.Failure) -> StateLoad { base.load(slot) }
    func setAside(_ slot: StateSlot) throws(StateStore.Failure) -> String { base.setAside(slot) }

    func save(_ state: EngineState) throws(StateStore.Failure) -> StateIdentities {
        if dead.withLock({ $0 }) { throw StateStore.Failure(.inaccessible, "the process died before this write") }
        return try base.save(state)
    }
}

/// A probe whose next result the test sets; in `hang` mode it runs until its task is cancelled,
/// as a slow probe cut short by a shutdown.
final class ScriptedModelProbe: Probe {
    private let state = Mutex<(result: HealthState, hang: Bool)>((.ok, false))
    let entered: WakeSignal

    init(entered: WakeSignal) { self.entered = entered }

    func set(_ result: HealthState) { state.withLock { $0 = (result, false) } }
    func hang() { state.withLock { $0.hang = true } }

    func check() async -> ProbeResult {
        let (result, hang) = state.withLock { ($0.result, $0.hang) }
        guard hang else { return ProbeResult(state: result, summary: "scripted \(result.rawValue)") }
        entered.raise()
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
        return ProbeResult(state: .unknown, summary: "the check was cancelled")
    }
}

/// A channel that answers from a script and records what it took.
final class ScriptedModelNotifier: Notifier {
    let name: String
    private let storage: MortalStorage
    private struct State {
        var answers: [ReferenceModel.Answer] = []
        var crashOnDelivery = false
        var received: [AlertEvent] = []
    }
    private let state = Mutex(State())

    init(name: String, storage: MortalStorage) {
        self.name = name
        self.storage = storage
    }

    /// The answers to the next attempts (then `delivered`); with `crash`, the process dies right
    /// after the channel takes its next delivery, before the acknowledgement is written.
    func script(_ answers: [ReferenceModel.Answer], crash: Bool) {
        state.withLock {
            $0.answers = answers
            $0.crashOnDelivery = crash
        }
    }

    var received: [AlertEvent] { state.withLock { $0.received } }

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let (answer, crash) = state.withLock { state -> (ReferenceModel.Answer, Bool) in
            let answer = state.answers.isEmpty ? .delivered : state.answers.removeFirst()
            guard answer == .delivered else { return (answer, false) }
            state.received.append(event)
            defer { state.crashOnDelivery = false }
            return (answer, state.crashOnDelivery)
        }
        switch answer {
        case .delivered:
            if crash { storage.kill() }
            return .delivered
        case .retry: return .retry(after: nil, reason: "scripted retry")
        case .failed: return .failed(reason: "scripted failure")
        }
    }
}

/// The real engine, built from a ``ReferenceModel/Config`` over one storage, restarted and
/// reloaded as a daemon would be.
final class EngineUnderTest {
    let storage: MortalStorage
    let clock = TestClock()
    let entered = WakeSignal()
    private(set) var probes: [String: ScriptedModelProbe] = [:]
    private(set) var notifiers: [String: ScriptedModelNotifier] = [:]
    private(set) var engine: AlertEngine
    private var config: ReferenceModel.Config
    private let logger = Logger(label: "model") { _ in SwiftLogNoOpLogHandler() }

    init(config: ReferenceModel.Config, directory: String) {
        storage = MortalStorage(directory: directory)
        self.config = config
        engine = Self.build(config, storage: storage, clock: clock, probes: [:], notifiers: [:], logger: logger)
        restart()
    }

    /// A new process over the same state, with the current configuration.
    func restart() {
        storage.revive()
        reload(config)
    }

    /// A new configuration; probes and channels keep their scripts and what they received.
    func reload(_ config: ReferenceModel.Config) {
        self.config = config
        for target in config.targets where probes[target.name] == nil {
            probes[target.name] = ScriptedModelProbe(entered: entered)
        }
        for channel in config.channels where notifiers[channel.name] == nil {
            notifiers[channel.name] = ScriptedModelNotifier(name: channel.name, storage: storage)
        }
        engine = Self.build(
            config, storage: storage, clock: clock, probes: probes, notifiers: notifiers, logger: logger)
    }

    private static func build(
        _ config: ReferenceModel.Config, storage: MortalStorage, clock: TestClock,
        probes: [String: ScriptedModelProbe], notifiers: [String: ScriptedModelNotifier], logger: Logger
    ) -> AlertEngine {
        let section = ConfigSection(
            file: "model", path: "model", location: SourceLocation(line: 1, column: 1), schema: ConfigSchema(keys: []))
        var slots: [BuiltConfiguration.TargetProbe] = []
        for target in config.targets {
            guard let probe = probes[target.name] else { continue }
            var configuration = ProbeConfiguration(name: target.name, section: section)
            configuration.type = "command"
            configuration.failureThreshold = target.failureThreshold
            configuration.successThreshold = target.successThreshold
            slots.append(
                BuiltConfiguration.TargetProbe(
                    configuration: configuration, probe: probe,
                    target: NotificationPlanner.Target(
                        name: target.name, kind: "command",
                        tracker: HealthTracker(
                            failureThreshold: target.failureThreshold, successThreshold: target.successThreshold))))
        }
        var channels: [BuiltConfiguration.Channel] = []
        for channel in config.channels {
            guard let notifier = notifiers[channel.name] else { continue }
            var configuration = NotifierConfiguration(name: channel.name, file: "model", section: section)
            configuration.routing = NotifierRouting(
                minSeverity: channel.minSeverity, sendResolved: channel.sendResolved,
                repeatInterval: channel.repeatInterval.map { .milliseconds(Int64($0 * 1000)) },
                probes: channel.probes.map { $0.sorted() })
            channels.append(BuiltConfiguration.Channel(configuration: configuration, notifier: notifier))
        }
        let configuration = Configuration(
            daemon: DaemonSettings(outboxMaxAge: .milliseconds(Int64(config.outboxMaxAge * 1000))),
            daemonSection: section, probes: slots.map(\.configuration), notifiers: channels.map(\.configuration),
            files: [])
        let runtime = BuiltConfiguration(configuration: configuration, probes: slots, channels: channels)
        return AlertEngine(
            runtime: runtime, store: StateStore(storage: storage, logger: logger), now: { clock.date },
            clock: clock, logger: logger)
    }
}
