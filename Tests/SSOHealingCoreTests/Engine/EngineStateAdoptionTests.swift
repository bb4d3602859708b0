import Foundation
import Testing

@testable import SSOHealingCore

/// A state written when targets were kept by probe name, read by a version that keys an aws-sso
/// target by its session: the open episode goes on under the new name and resolves to the
/// channels that heard of it; the old names remind no more.
@Suite struct EngineStateAdoptionTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = NotificationPlanner(
        channels: [ChannelRoute(name: "ops", routing: NotifierRouting(repeatInterval: .seconds(3600)))],
        host: "test-host")

    func result(_ state: HealthState) -> ProbeResult {
        ProbeResult(state: state, summary: "session is \(state.rawValue)", remedy: state == .ok ? nil : "log in")
    }

    @Test func anOpenEpisodeUnderAProbeNameGoesOnUnderTheSessionAndResolvesOnce() {
        var state = EngineState()
        let old = NotificationPlanner.Target(name: "prod", kind: "aws-sso", tracker: HealthTracker(failureThreshold: 1))
        let sibling = NotificationPlanner.Target(
            name: "dev", kind: "aws-sso", tracker: HealthTracker(failureThreshold: 1))
        planner.record(result(.expired), for: old, at: t0, in: &state)
        planner.record(result(.expired), for: sibling, at: t0, in: &state)
        let episode = state.targets["prod"]?.health.episode
        state.outbox.removeAll()

        state.adopt(target: "corp", kind: "aws-sso", from: ["prod", "dev"])
        #expect(state.targets.keys.sorted() == ["corp"])
        #expect(state.targets["corp"]?.health.episode == episode && state.targets["corp"]?.health.state == .expired)

        let session = NotificationPlanner.Target(name: "corp", kind: "aws-sso", tracker: HealthTracker())
        planner.record(result(.expired), for: session, at: t0.addingTimeInterval(60), in: &state)
        #expect(state.outbox.isEmpty, "the same state: no new alert")
        planner.record(result(.ok), for: session, at: t0.addingTimeInterval(120), in: &state)
        #expect(state.outbox.map(\.event.fingerprint) == ["aws-sso:corp"])
        #expect(state.outbox.first?.event.resolved == true && state.outbox.first?.event.episode == episode)

        state.outbox.removeAll()
        planner.remind(at: t0.addingTimeInterval(5 * 3600), in: &state)
        #expect(state.outbox.isEmpty, "nothing reminds under the old names")
    }

    @Test func aTargetWithItsOwnRecordKeepsIt() {
        var state = EngineState()
        state.targets["corp"] = TargetRecord(kind: "aws-sso", health: TargetHealth(state: .ok))
        state.targets["prod"] = TargetRecord(kind: "aws-sso", health: TargetHealth(state: .expired, episode: 3))
        state.targets["vpn"] = TargetRecord(kind: "command", health: TargetHealth(state: .expired, episode: 1))
        state.adopt(target: "corp", kind: "aws-sso", from: ["prod", "vpn"])
        #expect(state.targets["corp"]?.health.state == .ok)
        #expect(state.targets["prod"] == nil && state.targets["vpn"] != nil, "only the same kind is adopted")
    }
}
