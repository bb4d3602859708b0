#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The remembered health of one probe target, carried from one result to the next.
public struct TargetHealth: Sendable, Codable, Equatable {
    /// The current state.
    public var state: HealthState
    /// The number of the current (or last) non-ok episode; 0 before the first.
    public var episode: Int
    /// The number of the latest change inside the episode: 0 for the change that opened it.
    public var transition: Int
    /// When the current state began.
    public var since: Date?
    /// The state a run of differing results is heading to, and how many there have been.
    public var streakState: HealthState?
    /// How many consecutive results have differed from `state`.
    public var streakCount: Int

    /// A target before its first probe.
    public init(state: HealthState = .unknown, episode: Int = 0, since: Date? = nil) {
        self.state = state
        self.episode = episode
        self.transition = 0
        self.since = since
        self.streakState = nil
        self.streakCount = 0
    }

    private enum CodingKeys: String, CodingKey {
        case state, episode, transition, since, streakState, streakCount
    }

    /// Decodes the health; `transition` (added in the second release) is 0 where absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(HealthState.self, forKey: .state)
        episode = try container.decode(Int.self, forKey: .episode)
        transition = try container.decodeIfPresent(Int.self, forKey: .transition) ?? 0
        since = try container.decodeIfPresent(Date.self, forKey: .since)
        streakState = try container.decodeIfPresent(HealthState.self, forKey: .streakState)
        streakCount = try container.decode(Int.self, forKey: .streakCount)
    }
}

/// One change of state, after the thresholds.
public struct HealthTransition: Sendable, Equatable {
    /// The state before.
    public var previous: HealthState
    /// The state now.
    public var state: HealthState
    /// The episode the change belongs to (a return to ok carries the episode it ends).
    public var episode: Int
    /// The change's number inside the episode: 0 opened it, each later change (the return to ok
    /// included) is one more.
    public var transition: Int

    /// Creates a transition.
    public init(previous: HealthState, state: HealthState, episode: Int, transition: Int = 0) {
        self.previous = previous
        self.state = state
        self.episode = episode
        self.transition = transition
    }

    /// Whether the change is worth an event: every change except `unknown` → `ok`.
    public var isNotable: Bool { !(previous == .unknown && state == .ok) }
}

/// Turns probe results into state changes, applying failure and success thresholds.
///
/// A target changes state only after `failureThreshold` consecutive failing results (or
/// `successThreshold` consecutive ok ones), so a flapping probe raises no storm. While the target
/// is ok, any mix of degraded and expired results counts as failing and the latest decides the new
/// state; while it is failing, a step between degraded and expired needs that many results of the
/// new state. A result of `unknown` (the probe could not tell) counts as degraded.
public struct HealthTracker: Sendable {
    /// Consecutive failing results before the state changes.
    public var failureThreshold: Int
    /// Consecutive ok results before the state returns to ok.
    public var successThreshold: Int

    /// Creates a tracker with the given thresholds (at least 1 each).
    public init(failureThreshold: Int = 2, successThreshold: Int = 1) {
        self.failureThreshold = max(1, failureThreshold)
        self.successThreshold = max(1, successThreshold)
    }

    /// The state a result counts as.
    public static func effectiveState(of result: HealthState) -> HealthState {
        result == .unknown ? .degraded : result
    }

    /// Records one result at `now`; returns the change it completes, if any.
    public func record(_ result: HealthState, at now: Date, into health: inout TargetHealth) -> HealthTransition? {
        let observed = Self.effectiveState(of: result)
        if observed == health.state {
            health.streakState = nil
            health.streakCount = 0
            return nil
        }
        let healthy = health.state == .ok || health.state == .unknown
        let continues: Bool
        if let streak = health.streakState {
            if healthy && health.state == .ok {
                // From ok, any failing result continues a failing streak.
                continues = streak != .ok && observed != .ok
            } else {
                continues = streak == observed || (health.state == .unknown && streak != .ok && observed != .ok)
            }
        } else {
            continues = false
        }
        health.streakCount = continues ? health.streakCount + 1 : 1
        health.streakState = observed
        let threshold = observed == .ok ? successThreshold : failureThreshold
        guard health.streakCount >= threshold else { return nil }

        let previous = health.state
        if previous == .ok || previous == .unknown {
            // A failing state after a healthy one opens an episode; unknown → ok is no change at all.
            if observed != .ok {
                health.episode += 1
                health.transition = 0
            }
        } else {
            health.transition += 1
        }
        health.state = observed
        health.since = now
        health.streakState = nil
        health.streakCount = 0
        return HealthTransition(
            previous: previous, state: observed, episode: health.episode, transition: health.transition)
    }
}
