#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything the engine remembers between runs: each target's health, the dedup ledger, the
/// outbox and each channel's place in each episode. Persisted as one JSON file.
public struct EngineState: Sendable, Codable, Equatable {
    /// The file format's version.
    public static let currentVersion = 1

    /// The format version this value was read with.
    public var version: Int
    /// Per probe name.
    public var targets: [String: TargetRecord]
    /// Deliveries not yet acknowledged, in the order they were enqueued.
    public var outbox: [PendingDelivery]
    /// Every delivery key ever enqueued (pruned after a while), with when.
    public var ledger: [String: Date]
    /// Per `channel|fingerprint`: the last notification the channel got for that target.
    public var channelEpisodes: [String: ChannelEpisode]

    /// An empty state.
    public init() {
        version = Self.currentVersion
        targets = [:]
        outbox = []
        ledger = [:]
        channelEpisodes = [:]
    }

    /// Numbers the writes of the state: each write carries the next one, so of the two copies
    /// ``StateStore`` keeps, the higher is the later (0 in files from before generations).
    @GenerationNumber public var generation: Int = 0
}

/// What is remembered of one probe target.
public struct TargetRecord: Sendable, Codable, Equatable {
    /// The probe kind, e.g. `aws-sso`.
    public var kind: String
    /// Health and thresholds bookkeeping.
    public var health: TargetHealth
    /// The latest probe result.
    public var lastResult: ProbeResult?
    /// The latest event raised for the target.
    public var lastEvent: AlertEvent?

    /// Creates a record.
    public init(
        kind: String, health: TargetHealth = TargetHealth(), lastResult: ProbeResult? = nil,
        lastEvent: AlertEvent? = nil
    ) {
        self.kind = kind
        self.health = health
        self.lastResult = lastResult
        self.lastEvent = lastEvent
    }
}

/// One delivery waiting in the outbox.
public struct PendingDelivery: Sendable, Codable, Equatable {
    /// `channel|fingerprint|episode|state|reminder`: the dedup key.
    public var key: String
    /// The channel's name.
    public var channel: String
    /// The event to deliver.
    public var event: AlertEvent
    /// When it was enqueued.
    public var enqueuedAt: Date
    /// Attempts so far.
    public var attempts: Int
    /// Not before this moment.
    public var nextAttemptAt: Date
    /// Why the last attempt did not deliver.
    public var lastError: String?

    /// Creates a delivery.
    public init(channel: String, event: AlertEvent, enqueuedAt: Date) {
        self.key = Self.key(channel: channel, event: event)
        self.channel = channel
        self.event = event
        self.enqueuedAt = enqueuedAt
        self.attempts = 0
        self.nextAttemptAt = enqueuedAt
        self.lastError = nil
    }

    /// The dedup key of `event` for `channel`.
    public static func key(channel: String, event: AlertEvent) -> String {
        "\(channel)|\(event.fingerprint)|\(event.episode)|\(event.state.rawValue)|\(event.reminder)"
    }
}

/// A channel's place in a target's episode, for reminders and resolved notices.
public struct ChannelEpisode: Sendable, Codable, Equatable {
    /// The episode the channel was last told about.
    public var episode: Int
    /// The state it was told.
    public var state: HealthState
    /// When it was last told (the transition or the last reminder).
    public var notifiedAt: Date
    /// How many reminders it has had for this episode and state.
    public var reminder: Int
    /// The transition's `previous`, repeated in reminders.
    public var previous: HealthState
}
