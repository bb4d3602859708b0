/// The `[daemon]` table of `config.toml`.
public struct DaemonSettings: Sendable, Equatable {
    /// Time between probe cycles.
    public var interval: Duration
    /// Up to this much random delay is added to each cycle, so a fleet does not probe in step.
    public var jitter: Duration
    /// A dead man's switch pinged after every cycle (a secret: its path holds a key).
    public var heartbeatURL: String?
    /// A Prometheus textfile-collector file written after every cycle (`*.prom`).
    public var metricsFile: String?
    /// Whether each cycle also pings `<heartbeat_url>/start` as it begins.
    public var heartbeatStart: Bool = false
    /// Whether each cycle's ping carries the cycle's one-line summary as its body (a `POST`).
    public var heartbeatLog: Bool = false
    /// Undelivered notifications older than this are dropped, with a logged reason.
    public var outboxMaxAge: Duration
    /// Whether probe kinds that can find their targets by themselves do so when the configuration
    /// names none of their kind (every SSO session of the AWS config).
    public var discover: Bool = true

    /// The defaults: every 10 minutes with 30 s of jitter, no heartbeat, outbox kept 7 days.
    public init(
        interval: Duration = .seconds(600), jitter: Duration = .seconds(30), heartbeatURL: String? = nil,
        outboxMaxAge: Duration = .seconds(7 * 86_400)
    ) {
        self.interval = interval
        self.jitter = jitter
        self.heartbeatURL = heartbeatURL
        self.outboxMaxAge = outboxMaxAge
    }

    /// The keys `[daemon]` accepts.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey("interval", .duration, default: .duration(.seconds(600)), summary: "time between probe cycles"),
            ConfigKey(
                "jitter", .duration, default: .duration(.seconds(30)), summary: "random delay added to each cycle"),
            ConfigKey(
                "heartbeat_url", .string, secret: true,
                summary: "dead man's switch pinged after every cycle (URL/<exit status> when a target is not ok)"),
            ConfigKey(
                "heartbeat_start", .boolean, default: .boolean(false),
                summary: "also ping <heartbeat_url>/start when a cycle begins"),
            ConfigKey(
                "heartbeat_log", .boolean, default: .boolean(false),
                summary: "POST the cycle's one-line summary with each ping (first 10,000 bytes, secrets redacted)"),
            ConfigKey(
                "metrics_file", .string,
                summary: "Prometheus metrics for node_exporter's textfile collector, written after every cycle"),
            ConfigKey(
                "outbox_max_age", .positiveDuration, default: .duration(.seconds(7 * 86_400)),
                summary: "undelivered notifications older than this are dropped"),
            ConfigKey(
                "discover", .boolean, default: .boolean(true),
                summary: "with no aws-sso probe, watch every SSO session of the AWS config"),
        ],
        validate: { section in
            var errors: [ConfigDiagnostic] = []
            if let interval = section.duration("interval"), interval < .milliseconds(10) {
                errors.append(section.error("\"interval\" must be at least 10ms", key: "interval"))
            }
            if let interval = section.duration("interval"), let jitter = section.duration("jitter"), jitter > interval {
                errors.append(section.error("\"jitter\" must not exceed \"interval\"", key: "jitter"))
            }
            if let url = section.string("heartbeat_url"), !url.hasPrefix("http://"), !url.hasPrefix("https://") {
                errors.append(
                    section.error("\"heartbeat_url\" must be an http:// or https:// URL", key: "heartbeat_url"))
            }
            if let path = section.string("metrics_file") {
                if !path.hasPrefix("/") {
                    errors.append(section.error("\"metrics_file\" must be an absolute path", key: "metrics_file"))
                } else if !path.hasSuffix(".prom") || path.hasSuffix("/.prom") {
                    errors.append(
                        section.error(
                            "\"metrics_file\" must end in .prom: node_exporter's textfile collector reads only *.prom files",
                            key: "metrics_file"))
                }
            }
            for key in ["heartbeat_start", "heartbeat_log"]
            where section.bool(key) == true && section.string("heartbeat_url") == nil {
                errors.append(section.error("\"\(key)\" needs \"heartbeat_url\"", key: key))
            }
            return errors
        }
    )

    /// Reads the settings from a decoded `[daemon]` section.
    public init(section: ConfigSection) {
        self.init(
            interval: section.duration("interval") ?? .seconds(600),
            jitter: section.duration("jitter") ?? .seconds(30),
            heartbeatURL: section.string("heartbeat_url"),
            outboxMaxAge: section.duration("outbox_max_age") ?? .seconds(7 * 86_400))
        discover = section.bool("discover") ?? true
        metricsFile = section.string("metrics_file")
        heartbeatStart = section.bool("heartbeat_start") ?? false
        heartbeatLog = section.bool("heartbeat_log") ?? false
    }
}
