import Logging

/// A channel that delivers alert events to people: Telegram, Slack, a webhook, a program, …
///
/// Implementations receive one ``AlertEvent`` per call and say what happened; they never throw.
/// The bus calls `deliver` at most once at a time per channel, in order, with a timeout around
/// each call, and keeps undelivered events in a persistent outbox, so an implementation needs no
/// retry loop or queue of its own: it reports ``DeliveryResult/retry(after:reason:)`` for a
/// passing fault and ``DeliveryResult/failed(reason:)`` for one that retrying cannot fix.
///
/// Reasons are logged and shown by `notifiers test`: they must never contain a token, a
/// password or a URL that holds one.
///
/// ```swift
/// struct StderrNotifier: Notifier {
///     func deliver(_ event: AlertEvent) async -> DeliveryResult {
///         FileHandle.standardError.write(Data("\(event.state): \(event.summary)\n".utf8))
///         return .delivered
///     }
/// }
/// ```
public protocol Notifier: Sendable {
    /// Delivers one event and reports the outcome.
    func deliver(_ event: AlertEvent) async -> DeliveryResult
}

/// The outcome of one delivery attempt.
public enum DeliveryResult: Sendable, Equatable {
    /// The channel accepted the event.
    case delivered
    /// A passing fault: try again, after `after` if the channel said when.
    case retry(after: Duration?, reason: String)
    /// A fault retrying cannot fix (bad credentials, unknown chat, malformed request).
    case failed(reason: String)

    /// A one-line description for logs and `notifiers test`.
    public var description: String {
        switch self {
        case .delivered: "delivered"
        case .retry(let after, let reason):
            after.map { "will retry after \(ConfigDuration.format($0)): \(reason)" } ?? "will retry: \(reason)"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}

/// Everything a notifier factory gets to build a channel from its drop-in.
public struct NotifierContext: Sendable {
    /// The channel's decoded drop-in.
    public var configuration: NotifierConfiguration
    /// A logger labelled with the channel's name.
    public var logger: Logger
    /// The process environment.
    public var environment: [String: String]
    /// The `[daemon]` settings, for channels whose messages depend on the probe cadence.
    public var daemon: DaemonSettings

    /// Creates a context.
    public init(
        configuration: NotifierConfiguration, logger: Logger, environment: [String: String],
        daemon: DaemonSettings = DaemonSettings()
    ) {
        self.configuration = configuration
        self.logger = logger
        self.environment = environment
        self.daemon = daemon
    }

    /// The channel's name.
    public var name: String { configuration.name }
    /// The drop-in's decoded keys.
    public var section: ConfigSection { configuration.section }
}

/// The name a drop-in's `type` key uses to pick a notifier, e.g. `slack`.
public struct NotifierType: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as written in drop-ins.
    public var rawValue: String

    /// Creates a type name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a type name from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The name as written in drop-ins.
    public var description: String { rawValue }
}

/// How to build one type of notifier: the keys its drop-ins accept and a function from them.
public struct NotifierFactory: Sendable {
    /// The type's own keys (the common routing keys are added by the loader).
    public var schema: ConfigSchema
    /// Builds a channel; throws a ``ConfigDiagnostic`` for a problem the schema cannot express.
    public var make: @Sendable (NotifierContext) throws -> any Notifier
    /// The reminder cadence, in both degraded and expired, of a drop-in that sets no
    /// `repeat_interval`; `nil` keeps the common default (4 h when expired, never when degraded).
    ///
    /// For receivers that forget an alert unless it is re-sent, such as Alertmanager.
    public var defaultRepeatInterval: @Sendable (ConfigSection) -> Duration?
    /// Whether the daemon sends this type's reminders on their own deadline, between probe
    /// cycles, rather than at the first cycle after they fall due.
    ///
    /// For receivers that forget an alert unless it is re-sent within a horizon shorter than
    /// the probe interval, such as Alertmanager (`endsAt`). `check` has no cycles between its
    /// runs: its reminders still go at each run.
    public var remindsBetweenCycles: Bool

    /// Creates a factory.
    public init(
        schema: ConfigSchema,
        defaultRepeatInterval: @escaping @Sendable (ConfigSection) -> Duration? = { _ in nil },
        remindsBetweenCycles: Bool = false,
        make: @escaping @Sendable (NotifierContext) throws -> any Notifier
    ) {
        self.schema = schema
        self.defaultRepeatInterval = defaultRepeatInterval
        self.remindsBetweenCycles = remindsBetweenCycles
        self.make = make
    }
}
