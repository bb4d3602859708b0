/// One drop-in from `notifiers.d/`: a channel's routing keys, and its type's own keys in `section`.
public struct NotifierConfiguration: Sendable {
    /// The channel's name: the file's stem unless the file sets `name`.
    public var name: String
    /// The notifier type, e.g. `slack`.
    public var type: String
    /// The drop-in file.
    public var file: String
    /// Which events reach this channel.
    public var routing: NotifierRouting
    /// Every decoded key, the type's own included.
    public var section: ConfigSection

    /// The keys every drop-in accepts.
    public static let commonSchema = ConfigSchema(keys: [
        ConfigKey("type", .string, required: true, summary: "the notifier type"),
        ConfigKey("name", .string, summary: "the channel's name (default: the file's stem)"),
        ConfigKey("enabled", .boolean, default: .boolean(true), summary: "false skips the file"),
        ConfigKey(
            "min_severity", .choice(Severity.allCases.map(\.rawValue)), default: .string("info"),
            summary: "deliver events of this severity and above (resolved notices follow send_resolved)"),
        ConfigKey("send_resolved", .boolean, default: .boolean(true), summary: "deliver the return to ok"),
        ConfigKey(
            "repeat_interval", .duration,
            summary: "remind while the episode lasts; \"0\" never (default: 4h when expired, never when degraded)"),
        ConfigKey("probes", .strings, summary: "only events of these probes (default: all)"),
        ConfigKey(
            "timeout", .positiveDuration, default: .duration(.seconds(10)), summary: "time one delivery may take"),
        ConfigKey(
            "carry_login_links", .boolean, default: .boolean(true),
            summary: "include login approval links (whoever approves one logs the machine in as themselves)"),
    ])

    /// Reads the common keys from a decoded section.
    public init(name: String, file: String, section: ConfigSection) {
        self.name = name
        self.type = section.string("type") ?? ""
        self.file = file
        self.routing = NotifierRouting(section: section)
        self.section = section
    }
}

/// Which events a channel receives, and how often it is reminded.
public struct NotifierRouting: Sendable, Equatable {
    /// Events below this severity are not delivered (resolved notices follow `sendResolved`).
    public var minSeverity: Severity
    /// Whether the return to ok is delivered.
    public var sendResolved: Bool
    /// The reminder interval; `nil` uses the per-state default, `.zero` never reminds.
    public var repeatInterval: Duration?
    /// Only events of these probes; `nil` means all.
    public var probes: [String]?
    /// The time one delivery may take.
    public var timeout: Duration
    /// Whether events keep their login approval link (``LoginLink``); false removes it.
    public var carryLoginLinks: Bool
    /// Whether the daemon sends reminders on their own deadline between probe cycles (set from
    /// the channel type's ``NotifierFactory/remindsBetweenCycles``, not a drop-in key).
    public var remindsBetweenCycles = false

    /// Creates routing settings; the defaults deliver everything.
    public init(
        minSeverity: Severity = .info, sendResolved: Bool = true, repeatInterval: Duration? = nil,
        probes: [String]? = nil, timeout: Duration = .seconds(10), carryLoginLinks: Bool = true
    ) {
        self.carryLoginLinks = carryLoginLinks
        self.minSeverity = minSeverity
        self.sendResolved = sendResolved
        self.repeatInterval = repeatInterval
        self.probes = probes
        self.timeout = timeout
    }

    /// Reads the routing keys from a decoded section.
    public init(section: ConfigSection) {
        self.init(
            minSeverity: section.string("min_severity").flatMap(Severity.init(rawValue:)) ?? .info,
            sendResolved: section.bool("send_resolved") ?? true,
            repeatInterval: section.duration("repeat_interval"),
            probes: section.strings("probes"),
            timeout: section.duration("timeout") ?? .seconds(10),
            carryLoginLinks: section.bool("carry_login_links") ?? true)
    }
}
