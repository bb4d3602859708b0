import Foundation
import SSOHealingCore
import Testing

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private func feed(_ states: [HealthState], tracker: HealthTracker, health: inout TargetHealth) -> [HealthTransition] {
    states.enumerated().compactMap { offset, state in
        tracker.record(state, at: t0.addingTimeInterval(Double(offset) * 600), into: &health)
    }
}

@Test func theFirstOkIsQuietAndTheFirstFailureNeedsTheThreshold() {
    var health = TargetHealth()
    let tracker = HealthTracker(failureThreshold: 2, successThreshold: 1)
    #expect(
        feed([.ok], tracker: tracker, health: &health) == [HealthTransition(previous: .unknown, state: .ok, episode: 0)]
    )
    #expect(health.state == .ok)
    #expect(feed([.expired], tracker: tracker, health: &health).isEmpty)
    #expect(
        feed([.expired], tracker: tracker, health: &health) == [
            HealthTransition(previous: .ok, state: .expired, episode: 1)
        ])
}

@Test func unknownToFirstStateIsNotableOnlyWhenNotOk() {
    var health = TargetHealth()
    let tracker = HealthTracker(failureThreshold: 1)
    let transitions = feed([.ok], tracker: tracker, health: &health)
    #expect(transitions.count == 1 && !transitions[0].isNotable)
    var other = TargetHealth()
    let failing = feed([.degraded], tracker: tracker, health: &other)
    #expect(failing.count == 1 && failing[0].isNotable)
}

@Test func flappingInputRaisesNoStorm() {
    var health = TargetHealth(state: .ok)
    let tracker = HealthTracker(failureThreshold: 2, successThreshold: 1)
    let states = (0..<100).map { $0.isMultiple(of: 2) ? HealthState.ok : .expired }
    #expect(feed(states, tracker: tracker, health: &health).isEmpty)
    #expect(health.state == .ok)
}

@Test func aMixOfFailuresFromOkCountsTogetherAndTheLatestDecides() {
    var health = TargetHealth(state: .ok)
    let tracker = HealthTracker(failureThreshold: 3)
    #expect(
        feed([.degraded, .expired, .degraded], tracker: tracker, health: &health) == [
            HealthTransition(previous: .ok, state: .degraded, episode: 1)
        ])
}

@Test func degradedToExpiredStaysInTheEpisodeAndRecoveryEndsIt() {
    var health = TargetHealth(state: .ok)
    let tracker = HealthTracker(failureThreshold: 2, successThreshold: 2)
    let transitions = feed(
        [.degraded, .degraded, .expired, .expired, .ok, .ok, .degraded, .degraded], tracker: tracker, health: &health)
    #expect(
        transitions == [
            HealthTransition(previous: .ok, state: .degraded, episode: 1),
            HealthTransition(previous: .degraded, state: .expired, episode: 1, transition: 1),
            HealthTransition(previous: .expired, state: .ok, episode: 1, transition: 2),
            HealthTransition(previous: .ok, state: .degraded, episode: 2, transition: 0),
        ])
}

@Test func unknownResultsCountAsDegraded() {
    var health = TargetHealth(state: .ok)
    #expect(feed([.unknown], tracker: HealthTracker(failureThreshold: 1), health: &health).map(\.state) == [.degraded])
}

@Test func aRecoveryStreakIsBrokenByAFailure() {
    var health = TargetHealth(state: .expired, episode: 4)
    let tracker = HealthTracker(failureThreshold: 2, successThreshold: 2)
    #expect(feed([.ok, .expired, .ok, .expired], tracker: tracker, health: &health).isEmpty)
    #expect(
        feed([.ok, .ok], tracker: tracker, health: &health) == [
            HealthTransition(previous: .expired, state: .ok, episode: 4, transition: 1)
        ])
}

@Test func aStateSeenBeforeInTheEpisodeIsANewNumberedChange() {
    var health = TargetHealth(state: .ok)
    let tracker = HealthTracker(failureThreshold: 1)
    #expect(
        feed([.expired, .degraded, .expired, .ok], tracker: tracker, health: &health) == [
            HealthTransition(previous: .ok, state: .expired, episode: 1, transition: 0),
            HealthTransition(previous: .expired, state: .degraded, episode: 1, transition: 1),
            HealthTransition(previous: .degraded, state: .expired, episode: 1, transition: 2),
            HealthTransition(previous: .expired, state: .ok, episode: 1, transition: 3),
        ])
}
