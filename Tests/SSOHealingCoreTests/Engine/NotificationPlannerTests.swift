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

private func keys(_ state: EngineState) -> [String] { state.outbox.map(\.key.description) }

@Test func aTransitionIsEnqueuedOncePerChannel() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a"), ChannelRoute(name: "b")])
    planner.record(result(.ok), for: prod, at: t0, in: &state)
    #expect(state.outbox.isEmpty)
    let event = planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(600), in: &state).raised.first
    #expect(event?.fingerprint == "aws-sso:prod")
    #expect(event?.severity == .critical && event?.episode == 1 && event?.reminder == 0 && event?.resolved == false)
    #expect(event?.remedy == "aws sso login --profile prod" && event?.host == "test-host")
    #expect(keys(state) == ["a|aws-sso:prod|1|0|0", "b|aws-sso:prod|1|0|0"])
    // The same result again changes nothing.
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(1200), in: &state)
    #expect(state.outbox.count == 2)
}

@Test func theLedgerRefusesADeliveryAlreadyEnqueued() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a")])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    NotifierBus.acknowledge(state.outbox[0].key, result: .delivered, at: t0, in: &state)
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
        for delivery in planner.remind(at: now, in: &state).enqueued {
            reminders.append((delivery.event.reminder, now))
        }
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
    #expect(
        planner.remind(at: t0.addingTimeInterval(86_400 + 4 * 3600), in: &state).enqueued.map(\.event.reminder) == [1])
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
    #expect(keys(state) == ["all|aws-sso:prod|1|0|0", "quiet|aws-sso:prod|1|0|0"])
    state.outbox.removeAll()
    let resolved = planner.record(result(.ok), for: prod, at: t0.addingTimeInterval(600), in: &state).raised.first
    #expect(resolved?.resolved == true && resolved?.severity == .info && resolved?.previous == .degraded)
    #expect(keys(state) == ["all|aws-sso:prod|1|1|0"])
    planner.record(result(.ok), for: prod, at: t0.addingTimeInterval(1200), in: &state)
    #expect(keys(state) == ["all|aws-sso:prod|1|1|0"])
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
    #expect(keys(state) == ["critical|command:vpn|1|1|0"])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    #expect(keys(state).contains("prod-only|aws-sso:prod|1|0|0"))
}

@Test func retriesBackOffExponentiallyAndHonourRetryAfter() {
    #expect(NotifierBus.backoff(attempt: 1, jitter: 0) == .seconds(1))
    #expect(NotifierBus.backoff(attempt: 4, jitter: 0) == .seconds(8))
    #expect(NotifierBus.backoff(attempt: 30, jitter: 0) == .seconds(300))
    #expect(NotifierBus.backoff(attempt: 30, jitter: 1) == .seconds(300))
    #expect(NotifierBus.backoff(attempt: 2, jitter: 1) == .milliseconds(2400))
    var state = EngineState()
    NotificationPlanner(channels: [ChannelRoute(name: "a")]).record(result(.expired), for: prod, at: t0, in: &state)
    let key = state.outbox[0].key
    let retried = NotifierBus.acknowledge(
        key, result: .retry(after: .seconds(42), reason: "429"), at: t0, in: &state)
    #expect(retried?.nextAttemptAt == t0.addingTimeInterval(42))
    #expect(NotifierBus.due(at: t0.addingTimeInterval(41), in: state).isEmpty)
    #expect(NotifierBus.due(at: t0.addingTimeInterval(42), in: state).map(\.key) == [key])
}

@Test func aChannelsOrderIsKeptBehindARetriedHead() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a"), ChannelRoute(name: "b")])
    planner.record(result(.degraded), for: prod, at: t0, in: &state)
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(60), in: &state)
    let head = state.outbox[0].key
    NotifierBus.acknowledge(head, result: .retry(after: nil, reason: "exit 75"), at: t0, jitter: 0, in: &state)
    let due = NotifierBus.due(at: t0.addingTimeInterval(0.5), in: state)
    #expect(due.map(\.key.description) == ["b|aws-sso:prod|1|0|0"])
    #expect(NotifierBus.nextDue(in: state) == t0)
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
            NotifierBus.acknowledge(delivery.key, result: .delivered, at: now, in: &state)
        }
        planner.prune(at: now, in: &state)
    }
    #expect(state.outbox.isEmpty)
    #expect(state.ledger.count <= 50)
    // The newest keys are the ones kept: the last episode's are still refused.
    #expect(state.ledger.keys.contains { $0.episode == 150 && $0.channel == "a" })
}

@Test func everyChangeInsideAnEpisodeIsDeliveredEvenWhenItsStateWasSeenBefore() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a")])
    planner.record(result(.ok), for: prod, at: t0, in: &state)
    let states: [HealthState] = [.expired, .degraded, .expired, .ok]
    for (index, next) in states.enumerated() {
        planner.record(result(next), for: prod, at: t0.addingTimeInterval(Double(index + 1) * 60), in: &state)
    }
    #expect(
        keys(state) == ["a|aws-sso:prod|1|0|0", "a|aws-sso:prod|1|1|0", "a|aws-sso:prod|1|2|0", "a|aws-sso:prod|1|3|0"])
    #expect(state.outbox.map(\.event.state) == [.expired, .degraded, .expired, .ok])
    #expect(state.outbox.map(\.event.previous) == [.ok, .expired, .degraded, .expired])
}

@Test func remindersFollowTheLatestChangeAndItsState() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a", routing: NotifierRouting(repeatInterval: .seconds(3600)))])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    planner.record(result(.degraded), for: prod, at: t0.addingTimeInterval(1800), in: &state)
    planner.record(result(.expired), for: prod, at: t0.addingTimeInterval(2400), in: &state)
    state.outbox.removeAll()
    // An hour after the first change, but only 20 minutes after the latest: nothing yet.
    #expect(planner.remind(at: t0.addingTimeInterval(3600), in: &state).isEmpty)
    let due = planner.remind(at: t0.addingTimeInterval(2400 + 3600), in: &state).enqueued
    #expect(due.map(\.key.description) == ["a|aws-sso:prod|1|2|1"])
    #expect(due.first?.event.since == t0.addingTimeInterval(2400) && due.first?.event.state == .expired)
}

@Test func afterAGapOneReminderGoesOutNumberedByTheIntervalsElapsed() {
    var state = EngineState()
    let planner = planner([ChannelRoute(name: "a", routing: NotifierRouting(repeatInterval: .seconds(3600)))])
    planner.record(result(.expired), for: prod, at: t0, in: &state)
    let late = planner.remind(at: t0.addingTimeInterval(5 * 3600 + 60), in: &state).enqueued
    #expect(late.map(\.event.reminder) == [5])
    #expect(planner.remind(at: t0.addingTimeInterval(5 * 3600 + 120), in: &state).isEmpty)
    #expect(planner.remind(at: t0.addingTimeInterval(6 * 3600), in: &state).enqueued.map(\.event.reminder) == [6])
}

@Test func anExpiredAlertOfASelfHealingTargetIsHeldForItsLoginLinkThenReleasedWithIt() {
    var state = EngineState()
    let healing = NotificationPlanner.Target(
        name: "prod", kind: "aws-sso", tracker: HealthTracker(failureThreshold: 1), healsAutomatically: true)
    let planner = planner([ChannelRoute(name: "a")])
    let actions = planner.record(result(.expired), for: healing, at: t0, in: &state)
    guard case .startHealing(let probe, let held, let until)? = actions.last else {
        Issue.record("no login requested: \(actions)")
        return
    }
    #expect(probe == "prod" && held == state.outbox.map(\.key))
    #expect(NotifierBus.due(at: t0, in: state).isEmpty, "held for the link")
    #expect(NotifierBus.due(at: until, in: state).count == 1, "delivered without a link if nobody releases it")
    let link = LoginLink(url: "https://device.example/?user_code=AB", userCode: "AB", expiresAt: t0 + 600)
    planner.release(held, probe: "prod", link: link, at: t0.addingTimeInterval(2), in: &state)
    #expect(NotifierBus.due(at: t0.addingTimeInterval(2), in: state).first?.event.loginLink == link)
}

@Test func aVersionOneStateFileIsMigratedWithItsKeysAndPlaces() throws {
    let json = """
        {"version":1,"targets":{"prod":{"kind":"aws-sso","health":{"state":"expired","episode":3,"since":"2027-01-15T08:00:00Z","streakCount":0}}},
         "outbox":[{"key":"a|aws-sso:prod|3|expired|0","channel":"a","enqueuedAt":"2027-01-15T08:00:00Z","attempts":1,"nextAttemptAt":"2027-01-15T08:00:01Z",
           "event":{"version":1,"id":"e1","fingerprint":"aws-sso:prod","episode":3,"probe":"prod","kind":"aws-sso","previous":"ok","state":"expired","severity":"critical","reminder":0,"resolved":false,"summary":"s","details":{},"at":"2027-01-15T08:00:00Z","host":"h","test":false}}],
         "ledger":{"a|aws-sso:prod|3|expired|0":"2027-01-15T08:00:00Z","b|aws-sso:prod|2|ok|0":"2027-01-14T08:00:00Z"},
         "channelEpisodes":{"a|aws-sso:prod":{"episode":3,"state":"expired","notifiedAt":"2027-01-15T08:00:00Z","reminder":0,"previous":"ok"}}}
        """
    let state = try AlertEvent.decoder().decode(EngineState.self, from: Data(json.utf8))
    #expect(state.version == EngineState.currentVersion)
    #expect(state.outbox.map(\.key.description) == ["a|aws-sso:prod|3|0|0"])
    #expect(state.outbox.first?.attempts == 1 && state.outbox.first?.event.transition == 0)
    #expect(Set(state.ledger.keys.map(\.description)) == ["a|aws-sso:prod|3|0|0", "b|aws-sso:prod|2|0|0"])
    let place = state.channelEpisodes[ChannelTarget(channel: "a", fingerprint: "aws-sso:prod")]
    #expect(place?.episode == 3 && place?.state == .expired && place?.since == Timestamp.parse("2027-01-15T08:00:00Z"))
    // And it is written back in the current format, which reads back the same.
    let again = try AlertEvent.decoder().decode(EngineState.self, from: AlertEvent.encoder().encode(state))
    #expect(again == state)
}
