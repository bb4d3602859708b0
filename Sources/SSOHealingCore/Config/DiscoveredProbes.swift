/// Probe tables that a probe kind finds by itself when the configuration names none of its kind
/// (the aws-sso kind: every SSO session of the AWS config), as TOML text, so that they are decoded
/// and checked exactly as written ones are.
public struct DiscoveredProbes: Sendable, Equatable {
    /// One `[probe.NAME]` table.
    public struct Table: Sendable, Equatable {
        /// The probe's name.
        public var name: String
        /// The table's keys as TOML (`type = "aws-sso"` included).
        public var toml: String

        /// Creates a table.
        public init(name: String, toml: String) {
            self.name = name
            self.toml = toml
        }
    }

    /// The file they were found in (for messages and `config show`).
    public var source: String
    /// The tables, in a stable order.
    public var tables: [Table]

    /// Creates a discovery.
    public init(source: String, tables: [Table]) {
        self.source = source
        self.tables = tables
    }
}

/// A channel used when the configuration directory has no drop-in at all, as TOML text.
public struct DefaultNotifier: Sendable, Equatable {
    /// The channel's name.
    public var name: String
    /// The drop-in's keys as TOML (`type = "console"` included).
    public var toml: String
    /// Why it is there, for `notifiers list`.
    public var reason: String

    /// Creates a default channel.
    public init(name: String, toml: String, reason: String) {
        self.name = name
        self.toml = toml
        self.reason = reason
    }
}
