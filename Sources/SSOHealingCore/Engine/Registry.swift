import Synchronization

/// The probe kinds and notifier types a program knows, keyed by the names configurations use.
///
/// The stock command line registers the built-in ones; a custom build registers its own before it
/// starts the command line, as a program bootstraps swift-log.
public final class Registry: Sendable {
    private struct State {
        var notifiers: [NotifierType: NotifierFactory] = [:]
        var probes: [String: ProbeFactory] = [:]
        var externalNotifier: (@Sendable (NotifierType) -> NotifierFactory?)?
        var externalNotifierHint: (@Sendable (NotifierType) -> String)?
        var defaultNotifiers: (@Sendable ([String: String]) -> [DefaultNotifier])?
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// Registers (or replaces) a notifier type.
    public func register(notifier type: NotifierType, _ factory: NotifierFactory) {
        state.withLock { $0.notifiers[type] = factory }
    }

    /// Registers (or replaces) a probe kind.
    public func register(probe kind: String, _ factory: ProbeFactory) {
        state.withLock { $0.probes[kind] = factory }
    }

    /// Sets how types with no registered factory are looked up elsewhere (e.g. a plug-in on `PATH`).
    ///
    /// `hint`, when given, is appended to the error for a type found nowhere (e.g. naming the
    /// plug-in that was looked for).
    public func setExternalNotifierLookup(
        _ lookup: (@Sendable (NotifierType) -> NotifierFactory?)?,
        hint: (@Sendable (NotifierType) -> String)? = nil
    ) {
        state.withLock {
            $0.externalNotifier = lookup
            $0.externalNotifierHint = hint
        }
    }

    /// Sets the channels a configuration directory with no drop-in at all gets, from the
    /// environment (e.g. the console, and the desktop when a session is reachable).
    public func setDefaultNotifiers(_ defaults: (@Sendable ([String: String]) -> [DefaultNotifier])?) {
        state.withLock { $0.defaultNotifiers = defaults }
    }

    /// The registered notifier type names, sorted.
    public var notifierTypes: [NotifierType] {
        state.withLock { $0.notifiers.keys.sorted { $0.rawValue < $1.rawValue } }
    }

    /// The registered probe kinds, sorted.
    public var probeKinds: [String] {
        state.withLock { $0.probes.keys.sorted() }
    }

    /// The factory for a notifier type, registered or found elsewhere.
    public func notifierFactory(for type: NotifierType) -> NotifierFactory? {
        let (factory, external) = state.withLock { ($0.notifiers[type], $0.externalNotifier) }
        return factory ?? external?(type)
    }

    /// The factory for a probe kind.
    public func probeFactory(for kind: String) -> ProbeFactory? {
        state.withLock { $0.probes[kind] }
    }

    /// What the configuration loader needs: every kind's schema.
    public var kinds: ConfigurationKinds {
        let snapshot = state.withLock { $0 }
        var notifierSchemas: [String: ConfigSchema] = [:]
        for (type, factory) in snapshot.notifiers { notifierSchemas[type.rawValue] = factory.schema }
        var external: (@Sendable (String) -> ConfigSchema?)?
        if let lookup = snapshot.externalNotifier {
            external = { name in lookup(NotifierType(rawValue: name))?.schema }
        }
        let hint = snapshot.externalNotifierHint.map { hint in
            { @Sendable (name: String) in hint(NotifierType(rawValue: name)) }
        }
        var kinds = ConfigurationKinds(
            probeKinds: snapshot.probes.mapValues(\.schema), notifierTypes: notifierSchemas,
            externalNotifierSchema: external, externalNotifierHint: hint)
        kinds.probeDiscoveries = snapshot.probes.compactMapValues(\.discover)
        kinds.defaultNotifiers = snapshot.defaultNotifiers
        return kinds
    }
}
