/// One `[probe.NAME]` table: the keys common to every probe, and the kind's own keys in `section`.
public struct ProbeConfiguration: Sendable {
    /// The probe's name (the table's name), unique in the configuration.
    public var name: String
    /// The probe kind, e.g. `command` or `aws-sso`.
    public var type: String
    /// Whether the probe runs at all.
    public var enabled: Bool
    /// Consecutive failing results before the state changes.
    public var failureThreshold: Int
    /// Consecutive succeeding results before the state returns to ok.
    public var successThreshold: Int
    /// Every decoded key, the kind's own included.
    public var section: ConfigSection
    /// The file the probe was discovered in (see ``ProbeFactory/discover``); `nil` for a
    /// `[probe.NAME]` table of `config.toml`.
    public var discoveredFrom: String?

    /// The keys every probe accepts.
    public static let commonSchema = ConfigSchema(keys: [
        ConfigKey("type", .string, required: true, summary: "the probe kind"),
        ConfigKey("enabled", .boolean, default: .boolean(true), summary: "false skips the probe"),
        ConfigKey(
            "failure_threshold", .integer(1...100), default: .integer(2),
            summary: "consecutive failing probes before the state changes"),
        ConfigKey(
            "success_threshold", .integer(1...100), default: .integer(1),
            summary: "consecutive succeeding probes before the state returns to ok"),
    ])

    /// Reads the common keys from a decoded section.
    public init(name: String, section: ConfigSection) {
        self.name = name
        self.type = section.string("type") ?? ""
        self.enabled = section.bool("enabled") ?? true
        self.failureThreshold = Int(section.integer("failure_threshold") ?? 2)
        self.successThreshold = Int(section.integer("success_threshold") ?? 1)
        self.section = section
    }
}
