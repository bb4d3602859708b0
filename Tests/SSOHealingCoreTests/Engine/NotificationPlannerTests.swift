import Foundation
import SSOHealingCore
import Testing

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)
private let prod = NotificationPlanner.Target(
    name: "prod", kind: "aws-sso", tracker: HealthTracker(failureThreshold: 1))

private func result(_ state: HealthState) -> ProbeResult {
    ProbeResult(
        state: state, summary: "session is \(state.rawValue)",
        remedy: state == .ok ? nil : "aws sso login --profile prod")
}

private func planner(_ channels: [ChannelRoute]) -> NotificationPlanner {
    NotificationPlanner(channels: channels, host: "test-host")
}

private func keys(_ state: EngineState) -> [String] { state.outbox.map(\.key) }

@Test func aTransitionIsEnqueuedOncePerChannel() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a"), ChannelRoute(name: "b")])
    planner.record(result(.ok), for: prod, at: t0, in: &state)
    #expect(state.outbox.isEmpty)
    let event = planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(600), in: &state)
    #expect(event?.fingerprint == "aws-sso:prod")
    #expect(event?.severity == .critical && event?.episode == 1 && event?.reminder == 0 && event?.resolved == false)
    #expect(event?.remedy == "aws sso login --profile prod" && event?.host == "test-host")
    #expect(keys(state) == ["a|aws-sso:prod|1|expired|0", "b|aws-sso:prod|1|expired|0"])
    // The same result again changes nothing.
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(1200), in: &state)
    #expect(state.outbox.count == 2)
}

@Test func theLedgerRefusesADeliveryAlreadyEnqueued() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a")])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    NotificationPlanner.acknowledge(state.outbox[0].key, result: .delivered, at: t0, in: &state)
    #expect(state.outbox.isEmpty)
    // A lost tracker update (e.g. state restored from before the change) cannot re-send it.
    state.targets["prod"]!.health = TargetHealth(state: .ok)
    state.targets["prod"]!.health.episode = 0
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(60), in: &state)
    #expect(state.outbox.isEmpty)
}

@Test func remindersComeExactlyAtTheRepeatInterval() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a", routing: NotifierRouting(repeatInterval: .seconds(3600)))])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    state.outbox.removeAll()
    var reminders: [(Int, Date)] = []
    // A cycle every 10 minutes for 5 hours.
    for minute in stride(from: 10, through: 300, by: 10) {
        let now = t0.addingTimeInterval(Double(minute) * 60)
        for delivery in planner.remind(at: now, in: &state) { reminders.append((delivery.event.reminder, now)) }
    }
    #expect(reminders.map(\.0) == [1, 2, 3, 4, 5])
    #expect(reminders.map { $0.1.timeIntervalSince(t0) } == [3600, 7200, 10800, 14400, 18000])
}

@Test func expiredRemindsEveryFourHoursByDefaultAndDegradedNever() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a")])
    planner.record(result(.degraded), for: prod, at: t0, in: &state)
    #expect(planner.remind(at: t0.addingTimeInterval(86_400), in: &state).isEmpty)
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(86_400), in: &state)
    #expect(planner.remind(at: t0.addingTimeInterval(86_400 + 4 * 3600 - 1), in: &state).isEmpty)
    #expect(planner.remind(at: t0.addingTimeInterval(86_400 + 4 * 3600), in: &state).map(\.event.reminder) == [1])
    let zero = NotificationPlanner(channels: [ChannelRoute(name: "a", routing: NotifierRouting(repeatInterval: .zero))])
    #expect(zero.remind(at: t0.addingTimeInterval(30 * 86_400), in: &state).isEmpty)
}

@Test func resolvedIsSentOnceAndOnlyToChannelsThatHeardOfTheEpisode() {
    var state = EngineState()
    let planner = planner([
        ChannelRoute(name: "all"),
        ChannelRoute(name: "pager", routing: NotifierRouting(minSeverity: .critical)),
        ChannelRoute(name: "quiet", routing: NotifierRouting(sendResolved: false)),
    ])
    planner.record(result(.degraded), for: prod, at: t0, in: &state)
    #expect(keys(state) == ["all|aws-sso:prod|1|degraded|0", "quiet|aws-sso:prod|1|degraded|0"])
    state.outbox.removeAll()
    let resolved = planner.record(result(.ok), for: prod, at: t0.addingTimeInterval(600), in: &state)
    #expect(resolved?.resolved == true && resolved?.severity == .info && resolved?.previous == .degraded)
    #expect(keys(state) == ["all|aws-sso:prod|1|ok|0"])
    planner.record(result(.ok), for: prod, at: t0.addingTimeInterval(1200), in: &state)
    #expect(keys(state) == ["all|aws-sso:prod|1|ok|0"])
}

@Test func routingFiltersByProbeAndSeverity() {
    var state = EngineState()
    let vpn = NotificationPlanner.Target(name: "vpn", kind: "command", tracker: HealthTracker(failureThreshold: 1))
    let planner = planner([
        ChannelRoute(name: "prod-only", routing: NotifierRouting(probes: ["prod"])),
        ChannelRoute(name: "critical", routing: NotifierRouting(minSeverity: .critical)),
    ])
    planner.record(result(.degraded), for: vpn, at: t0, in: &state)
    #expect(keys(state).isEmpty)
    planner.record(result(.expired), for: vpn, at: t0.addingTimeInterval(600), in: &state)
    #expect(keys(state) == ["critical|command:vpn|1|expired|0"])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    #expect(keys(state).contains("prod-only|aws-sso:prod|1|expired|0"))
}

@Test func retriesBackOffExponentiallyAndHonourRetryAfter() {
    #expect(NotificationPlanner.backoff(attempt: 1, jitter: 0) == .seconds(1))
    #expect(NotificationPlanner.backoff(attempt: 4, jitter: 0) == .seconds(8))
    #expect(NotificationPlanner.backoff(attempt: 30, jitter: 0) == .seconds(300))
    #expect(NotificationPlanner.backoff(attempt: 30, jitter: 1) == .seconds(300))
    #expect(NotificationPlanner.backoff(attempt: 2, jitter: 1) == .milliseconds(2400))
    var state = EngineState()
    NotificationPlanner(channels: [ChannelRoute(name: "a")]).record(result(.expired), for: prod, at: t0, in: &state)
    let key = state.outbox[0].key
    let retried = NotificationPlanner.acknowledge(
        key, result: .retry(after: .seconds(42), reason: "429"), at: t0, in: &state)
    #expect(retried?.nextAttemptAt == t0.addingTimeInterval(42))
    #expect(NotificationPlanner.due(at: t0.addingTimeInterval(41), in: state).isEmpty)
    #expect(NotificationPlanner.due(at: t0.addingTimeInterval(42), in: state).map(\.key) == [key])
}

@Test func aChannelsOrderIsKeptBehindARetriedHead() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a"), ChannelRoute(name: "b")])
    planner.record(result(.degraded), for: prod, at: t0, in: &state)
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(60), in: &state)
    let head = state.outbox[0].key
    NotificationPlanner.acknowledge(head, result: .retry(after: nil, reason: "exit 75"), at: t0, jitter: 0, in: &state)
    let due = NotificationPlanner.due(at: t0.addingTimeInterval(0.5), in: state)
    #expect(due.map(\.key) == ["b|aws-sso:prod|1|degraded|0"])
    #expect(NotificationPlanner.nextDue(in: state) == t0)
}

@Test func oldDeliveriesAreDroppedAfterTheOutboxMaximumAge() {
    var state = EngineState()
    let planner = NotificationPlanner(channels: [ChannelRoute(name: "a")], outboxMaxAge: .seconds(3600))
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    #expect(planner.prune(at: t0.addingTimeInterval(3599), in: &state).isEmpty)
    #expect(planner.prune(at: t0.addingTimeInterval(3601), in: &state).count == 1)
    #expect(state.outbox.isEmpty)
}

@Test func theLedgerStaysBoundedUnderAFlappingTarget() {
    var state = EngineState()
    var planner = planner([ChannelRoute(name: "a"), ChannelRoute(name: "b")])
    planner.ledgerCapacity = 40
    for cycle in 0..<300 {
        let now = t0.addingTimeInterval(Double(cycle))
        planner.record(result(cycle.isMultiple(of: 2) ? .expired : .ok), for: prod, at: now, in: &state)
        for delivery in state.outbox {
            NotificationPlanner.acknowledge(delivery.key, result: .delivered, at: now, in: &state)
        }
        planner.prune(at: now, in: &state)
    }
    #expect(state.outbox.isEmpty)
    #expect(state.ledger.count <= 50)
    #expect(state.outbox.allSatisfy { state.ledger[$0.key] != nil })
}
