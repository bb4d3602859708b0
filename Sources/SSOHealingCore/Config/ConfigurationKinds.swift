/// The probe kinds and notifier types a configuration may name, with the keys each accepts.
public struct ConfigurationKinds: Sendable {
    /// Probe kinds by `type` name.
    public var probeKinds: [String: ConfigSchema]
    /// Notifier types by `type` name.
    public var notifierTypes: [String: ConfigSchema]
    /// Schemas for types that are not built in but found elsewhere (e.g. a plug-in on `PATH`).
    public var externalNotifierSchema: (@Sendable (String) -> ConfigSchema?)?
    /// What an unknown notifier type's error adds, e.g. the plug-in that was looked for and not found.
    public var externalNotifierHint: (@Sendable (String) -> String)?
    /// Probe kinds that find their probes by themselves (see ``ProbeFactory/discover``).
    public var probeDiscoveries: [String: @Sendable ([String: String]) -> DiscoveredProbes?] = [:]
    /// The channels used when there is no drop-in at all.
    public var defaultNotifiers: (@Sendable ([String: String]) -> [DefaultNotifier])?

    /// Creates a vocabulary.
    public init(
        probeKinds: [String: ConfigSchema] = [:], notifierTypes: [String: ConfigSchema] = [:],
        externalNotifierSchema: (@Sendable (String) -> ConfigSchema?)? = nil,
        externalNotifierHint: (@Sendable (String) -> String)? = nil
    ) {
        self.probeKinds = probeKinds
        self.notifierTypes = notifierTypes
        self.externalNotifierSchema = externalNotifierSchema
        self.externalNotifierHint = externalNotifierHint
    }

    func notifierSchema(for type: String) -> ConfigSchema? {
        notifierTypes[type] ?? externalNotifierSchema?(type)
    }
}
