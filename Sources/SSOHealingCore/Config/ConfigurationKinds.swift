/// The probe kinds and notifier types a configuration may name, with the keys each accepts.
public struct ConfigurationKinds: Sendable {
    /// Probe kinds by `type` name.
    public var probeKinds: [String: ConfigSchema]
    /// Notifier types by `type` name.
    public var notifierTypes: [String: ConfigSchema]
    /// Schemas for types that are not built in but found elsewhere (e.g. a plug-in on `PATH`).
    public var externalNotifierSchema: (@Sendable (String) -> ConfigSchema?)?

    /// Creates a vocabulary.
    public init(
        probeKinds: [String: ConfigSchema] = [:], notifierTypes: [String: ConfigSchema] = [:],
        externalNotifierSchema: (@Sendable (String) -> ConfigSchema?)? = nil
    ) {
        self.probeKinds = probeKinds
        self.notifierTypes = notifierTypes
        self.externalNotifierSchema = externalNotifierSchema
    }

    func notifierSchema(for type: String) -> ConfigSchema? {
        notifierTypes[type] ?? externalNotifierSchema?(type)
    }
}
