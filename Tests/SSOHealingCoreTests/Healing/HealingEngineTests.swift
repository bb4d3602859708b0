import Foundation
import Logging
import SSOHealingCore
import SSOHealingTestKit
import Synchronization
import Testing

/// A healing probe that is always expired and hands out numbered links lasting ten minutes.
final class ScriptedHealer: HealingProbe {
    let clock: TestClock
    let automatic: Bool
    let state = Mutex<(starts: Int, link: LoginLink?)>((0, nil))

    init(clock: TestClock, automatic: Bool = true) {
        self.clock = clock
        self.automatic = automatic
    }

    var healsAutomatically: Bool { automatic }
    var starts: Int { state.withLock { $0.starts } }

    func check() async -> ProbeResult {
        let now = clock.date
        let link = state.withLock { $0.link.flatMap { $0.expiresAt > now ? $0 : nil } }
        return ProbeResult(
            state: .expired, summary: "session expired", remedy: "aws sso login", details: link?.details ?? [:],
            at: now)
    }

    func startHealing() async -> HealingStatus {
        let now = clock.date
        let link = state.withLock { state -> LoginLink in
            if let link = state.link, link.expiresAt > now { return link }
            state.starts += 1
            let link = LoginLink(
                url: "https://device.example/?user_code=CODE-\(state.starts)", userCode: "CODE-\(state.starts)",
                expiresAt: now.addingTimeInterval(600))
            state.link = link
            return link
        }
        return .pending(link, nextPollAt: now)
    }

    func continueHealing() async -> HealingStatus { .idle }
}

/// Keeps what it is given.
final class RecordingChannel: Notifier {
    let events = Mutex<[AlertEvent]>([])
    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        events.withLock { $0.append(event) }
        return .delivered
    }
    var received: [AlertEvent] { events.withLock { $0 } }
}

@Suite struct HealingEngineTests {
    struct Setup {
        let directory: TemporaryDirectory
        let engine: AlertEngine
        let clock: TestClock
        let open: RecordingChannel
        let guarded: RecordingChannel
    }

    static func setup(_ probe: @escaping (TestClock) -> any Probe) throws -> (Setup, any Probe) {
        let directory = try TemporaryDirectory()
        let clock = TestClock()
        let built = probe(clock)
        try directory.write("config/config.toml", "[probe.prod]\ntype = \"scripted\"\nfailure_threshold = 1\n")
        try directory.write("config/notifiers.d/10-open.toml", "type = \"record-open\"\nrepeat_interval = \"1h\"\n")
        try directory.write(
            "config/notifiers.d/20-guarded.toml",
            "type = \"record-guarded\"\nrepeat_interval = \"1h\"\ncarry_login_links = false\n")
        let open = RecordingChannel()
        let guarded = RecordingChannel()
        let registry = Registry()
        registry.register(probe: "scripted", ProbeFactory(schema: ConfigSchema(keys: [])) { _ in built })
        registry.register(
            notifier: NotifierType(rawValue: "record-open"),
            NotifierFactory(schema: ConfigSchema(keys: [])) { _ in open })
        registry.register(
            notifier: NotifierType(rawValue: "record-guarded"),
            NotifierFactory(schema: ConfigSchema(keys: [])) { _ in guarded })
        let configuration = try ConfigurationLoader(
            directory: directory.file("config"), environment: [:], kinds: registry.kinds
        ).load().get()
        #expect(configuration.notifiers.last?.routing.carryLoginLinks == false)
        let logger = Logger(label: "test.healing")
        let runtime = try BuiltConfiguration.build(
            configuration: configuration, registry: registry, environment: [:],
            stateDirectory: directory.file("state"), logger: logger)
        let engine = AlertEngine(
            runtime: runtime, store: StateStore(directory: directory.file("state"), logger: logger),
            now: { clock.date }, logger: logger)
        return (Setup(directory: directory, engine: engine, clock: clock, open: open, guarded: guarded), built)
    }

    @Test func aLinkIsStartedWhenTheAlertIsDueAndReplacedOnlyWithTheReminder() async throws {
        let (setup, probe) = try Self.setup { ScriptedHealer(clock: $0) }
        defer { setup.directory.remove() }
        let healer = try #require(probe as? ScriptedHealer)

        let outcome = try #require(try await setup.engine.cycle().first)
        #expect(healer.starts == 1)
        #expect(outcome.event?.loginLink?.userCode == "CODE-1")
        _ = await setup.engine.drainAll()
        #expect(setup.open.received.map { $0.loginLink?.userCode } == ["CODE-1"])
        #expect(setup.guarded.received.count == 1 && setup.guarded.received.first?.loginLink == nil)
        #expect(setup.guarded.received.first?.details.isEmpty == true)

        _ = try await setup.engine.cycle()
        #expect(healer.starts == 1, "the pending link is reused")

        setup.clock.advance(by: .seconds(20 * 60))
        _ = try await setup.engine.cycle()
        #expect(healer.starts == 1, "expired, but no reminder is due")

        setup.clock.advance(by: .seconds(41 * 60))
        _ = try await setup.engine.cycle()
        #expect(healer.starts == 2, "the reminder is due")
        _ = await setup.engine.drainAll()
        #expect(setup.open.received.map(\.reminder) == [0, 1])
        #expect(setup.open.received.last?.loginLink?.userCode == "CODE-2")
        #expect(setup.guarded.received.map(\.reminder) == [0, 1])
        #expect(setup.guarded.received.allSatisfy { $0.loginLink == nil })
    }

    @Test func aProbeThatDoesNotHealAutomaticallyIsNeverAskedTo() async throws {
        let (setup, probe) = try Self.setup { ScriptedHealer(clock: $0, automatic: false) }
        defer { setup.directory.remove() }
        let healer = try #require(probe as? ScriptedHealer)
        let outcome = try #require(try await setup.engine.cycle().first)
        #expect(outcome.event?.state == .expired && outcome.event?.loginLink == nil)
        #expect(healer.starts == 0)
    }

    @Test func announcingALoginIsItsOwnInfoEventOncePerAuthorizationAndChangesNoState() throws {
        let planner = NotificationPlanner(channels: [
            ChannelRoute(name: "a"), ChannelRoute(name: "pager", routing: NotifierRouting(minSeverity: .critical)),
        ])
        let target = NotificationPlanner.Target(
            name: "prod", kind: "aws-sso", tracker: HealthTracker(failureThreshold: 1, successThreshold: 1))
        let now = Date(timeIntervalSince1970: 1_795_791_845)
        let link = LoginLink(
            url: "https://device.example/?user_code=X", userCode: "X", expiresAt: now.addingTimeInterval(600))

        var idle = EngineState()
        let opened = planner.announceLogin(link, for: target, at: now, in: &idle)
        #expect(opened.map(\.channel) == ["a", "pager"], "someone asked for the link: every channel of the probe")
        for delivery in opened {
            #expect(delivery.event.kind == "login" && delivery.event.fingerprint == "login:prod")
            #expect(delivery.event.login == .requested && delivery.event.severity == .info)
            #expect(!delivery.event.resolved && delivery.event.episode == 1 && delivery.event.transition == 0)
            #expect(delivery.event.loginLink == link)
        }
        #expect(idle.targets["prod"]?.health.state == .unknown, "a login changes no state")
        #expect(planner.announceLogin(link, for: target, at: now, in: &idle).isEmpty, "once per authorization")

        var state = EngineState()
        planner.record(ProbeResult(state: .expired, summary: "expired", at: now), for: target, at: now, in: &state)
        let later = now.addingTimeInterval(60)
        let announced = planner.announceLogin(link, for: target, at: later, in: &state)
        #expect(announced.allSatisfy { $0.event.login == .requested && $0.event.state == .expired })
        #expect(
            announced.allSatisfy { $0.event.severity == .info && !$0.event.resolved },
            "info, whatever the target's state")
        #expect(state.targets["prod"]?.health.state == .expired && state.targets["prod"]?.health.episode == 1)
        #expect(
            state.channelEpisodes[ChannelTarget(channel: "a", fingerprint: "aws-sso:prod")]?.reminder == 0,
            "the episode's reminders are untouched")

        let closed = planner.closeLogin(for: target, approved: true, reason: "renewed", at: later, in: &state)
        #expect(closed.map(\.channel) == ["a", "pager"])
        #expect(closed.allSatisfy { $0.event.login == .approved && $0.event.resolved && $0.event.transition == 1 })
        #expect(planner.closeLogin(for: target, approved: true, reason: "again", at: later, in: &state).isEmpty)

        let second = LoginLink(url: "https://device.example/?user_code=Y", userCode: "Y", expiresAt: later + 600)
        #expect(planner.announceLogin(second, for: target, at: later, in: &state).map(\.event.episode) == [2, 2])
    }

    @Test func theLinkLivesInWellKnownDetailsAndCanBeRemoved() {
        let link = LoginLink(
            url: "https://x/?user_code=A", userCode: "A", expiresAt: Date(timeIntervalSince1970: 1_795_791_845))
        #expect(
            link.details == [
                "login_url": "https://x/?user_code=A", "login_user_code": "A",
                "login_expires_at": "2026-11-27T15:04:05Z",
            ])
        let event = AlertEvent(
            fingerprint: "aws-sso:prod", episode: 1, probe: "prod", kind: "aws-sso", previous: .ok, state: .expired,
            summary: "s", details: link.details.merging(["start_url": "u"]) { $1 }, at: Date())
        #expect(event.loginLink == link)
        #expect(event.withoutLoginLink().details == ["start_url": "u"] && event.withoutLoginLink().loginLink == nil)
        #expect(LoginLink(details: ["login_url": "https://x"]) == nil)
        #expect(link.sentence == "approve the login: https://x/?user_code=A (code A, until 2026-11-27T15:04:05Z)")
    }
}
