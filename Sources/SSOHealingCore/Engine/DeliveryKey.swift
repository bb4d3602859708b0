/// What makes a delivery unique: one per channel per (fingerprint, episode, transition,
/// reminder). The ledger refuses a key it has seen, so a restart, a reload or a timer-driven
/// `check` never enqueues the same notification twice.
public struct DeliveryKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The channel's name.
    public var channel: String
    /// The probe kind and target, e.g. `aws-sso:corp`.
    public var fingerprint: String
    /// The episode.
    public var episode: Int
    /// The change inside the episode.
    public var transition: Int
    /// 0 for the change itself, 1, 2, … for its reminders.
    public var reminder: Int

    /// Creates a key.
    public init(channel: String, fingerprint: String, episode: Int, transition: Int, reminder: Int) {
        self.channel = channel
        self.fingerprint = fingerprint
        self.episode = episode
        self.transition = transition
        self.reminder = reminder
    }

    /// The key of `event` for `channel`.
    public init(channel: String, event: AlertEvent) {
        self.init(
            channel: channel, fingerprint: event.fingerprint, episode: event.episode, transition: event.transition,
            reminder: event.reminder)
    }

    /// `channel|fingerprint|episode|transition|reminder`, for logs.
    public var description: String { "\(channel)|\(fingerprint)|\(episode)|\(transition)|\(reminder)" }

    /// The channel and target the key belongs to.
    public var channelTarget: ChannelTarget { ChannelTarget(channel: channel, fingerprint: fingerprint) }
}

/// One channel's view of one target: the key of a channel's place in the target's episodes.
public struct ChannelTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The channel's name.
    public var channel: String
    /// The target's fingerprint.
    public var fingerprint: String

    /// Creates a key.
    public init(channel: String, fingerprint: String) {
        self.channel = channel
        self.fingerprint = fingerprint
    }

    /// `channel|fingerprint`, for logs.
    public var description: String { "\(channel)|\(fingerprint)" }
}
