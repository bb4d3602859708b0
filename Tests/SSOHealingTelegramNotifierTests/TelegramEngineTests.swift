import Foundation
import Logging
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTelegramNotifier
import SSOHealingTestKit
import Synchronization
import Testing

/// A probe that reports whatever state the test sets.
final class ScriptedProbe: Probe {
    let state = Mutex(HealthState.ok)

    func check() async -> ProbeResult {
        let current = state.withLock { $0 }
        return ProbeResult(
            state: current, summary: "scripted \(current.rawValue)", remedy: "aws sso login --profile prod")
    }
}

@Test func theEngineDoesNotRetryATelegramDeliveryBeforeRetryAfter() async throws {
    let fake = try FakeTelegramBotAPI()
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("config/config.toml", "[probe.prod]\ntype = \"scripted\"\nfailure_threshold = 1\n")
    try directory.write("config/notifiers.d/20-telegram.toml", dropIn(fake))

    let probe = ScriptedProbe()
    let registry = Registry()
    registry.register(probe: "scripted", ProbeFactory(schema: ConfigSchema(keys: [])) { _ in probe })
    registry.register(notifier: TelegramNotifier.type, TelegramNotifier.factory)
    let environment = ["TELEGRAM_BOT_TOKEN": fake.token]
    let configuration = try ConfigurationLoader(
        directory: directory.file("config"), environment: environment, kinds: registry.kinds
    ).load().get()
    let logger = Logger(label: "test.engine")
    let runtime = try BuiltConfiguration.build(
        configuration: configuration, registry: registry, environment: environment,
        stateDirectory: directory.file("state"), logger: logger)
    let clock = TestClock()
    let engine = AlertEngine(
        runtime: runtime, store: StateStore(directory: directory.file("state"), logger: logger),
        now: { clock.date }, logger: logger)

    probe.state.withLock { $0 = .expired }
    let outcomes = try await engine.cycle()
    #expect(outcomes.first?.event?.state == .expired)

    fake.failNext(.tooManyRequests(retryAfter: 30))
    let first = await engine.drainAll()
    #expect(
        first.map(\.result) == [
            .retry(after: .seconds(30), reason: "Telegram is rate limiting the bot: Too Many Requests: retry after 30")
        ])
    #expect(engine.nextDue(channel: "20-telegram") == clock.date.addingTimeInterval(30))

    clock.advance(by: .seconds(29))
    #expect(await engine.drainAll().isEmpty)
    #expect(fake.requests.count == 1, "attempted before retry_after passed")

    clock.advance(by: .seconds(1))
    #expect(await engine.drainAll().map(\.result) == [.delivered])
    #expect(fake.requests.count == 2)
    #expect(fake.messages.count == 1)
    #expect(fake.messages.first?.text.hasPrefix("🔴 CRITICAL · prod is expired (was unknown)\nscripted expired") == true)
}
