#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything the engine remembers between runs: each target's health, the dedup ledger, the
/// outbox and each channel's place in each episode. Persisted as one JSON file.
public struct EngineState: Sendable, Equatable {
    /// The file format's version: 2 since the transition joined the dedup key (version 1 files
    /// are read and migrated).
    public static let currentVersion = 2

    /// The format version this value was read with.
    public var version: Int
    /// How many times the state was written: the store keeps two copies and trusts the newer.
    public var generation: Int
    /// Per probe name.
    public var targets: [String: TargetRecord]
    /// Deliveries not yet acknowledged, in the order they were enqueued.
    public var outbox: [PendingDelivery]
    /// Every delivery key ever enqueued (pruned after a while), with when.
    public var ledger: [DeliveryKey: Date]
    /// Per channel and target: the last notification the channel got for that target.
    public var channelEpisodes: [ChannelTarget: ChannelEpisode]
    /// Per channel: how its delivery attempts came out, since the state was created.
    public var deliveryCounts: [String: DeliveryCounts]

    /// An empty state.
    public init() {
        version = Self.currentVersion
        generation = 0
        targets = [:]
        outbox = []
        ledger = [:]
        channelEpisodes = [:]
        deliveryCounts = [:]
    }
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
    /// When a probe last found the target ok.
    public var lastOkAt: Date? = nil
    /// The latest login request announced for the target (`sso-self-healing login`).
    public var login: LoginRequest?

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
    /// The dedup key: channel, fingerprint, episode, transition, reminder.
    public var key: DeliveryKey
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

    /// Creates a delivery, due at once.
    public init(channel: String, event: AlertEvent, enqueuedAt: Date) {
        self.key = DeliveryKey(channel: channel, event: event)
        self.event = event
        self.enqueuedAt = enqueuedAt
        self.attempts = 0
        self.nextAttemptAt = enqueuedAt
        self.lastError = nil
    }

    /// The channel's name.
    public var channel: String { key.channel }
}

/// A channel's place in a target's episode, for reminders and resolved notices.
public struct ChannelEpisode: Sendable, Codable, Equatable {
    /// The episode the channel was last told about.
    public var episode: Int
    /// The change inside the episode it was last told about.
    public var transition: Int
    /// The state it was told.
    public var state: HealthState
    /// When the target entered that state: reminders fall due at `since + n × repeat_interval`.
    public var since: Date
    /// The number of the last reminder enqueued for this change (0: none yet).
    public var reminder: Int
    /// The change's `previous`, repeated in reminders.
    public var previous: HealthState

    /// Creates a channel's place.
    public init(
        episode: Int, transition: Int, state: HealthState, since: Date, reminder: Int = 0, previous: HealthState
    ) {
        self.episode = episode
        self.transition = transition
        self.state = state
        self.since = since
        self.reminder = reminder
        self.previous = previous
    }
}
