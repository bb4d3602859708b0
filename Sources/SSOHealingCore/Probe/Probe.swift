import Logging

/// Something the daemon checks every cycle: an AWS SSO session, a Nagios plugin, …
///
/// `check` never throws: a probe that cannot tell returns a result with state `unknown` and a
/// summary saying why. Summaries, remedies and details are shown to people and sent to
/// channels: they must never contain a token, a secret or a credential.
public protocol Probe: Sendable {
    /// Runs the probe once.
    func check() async -> ProbeResult
}

/// Everything a probe factory gets to build a probe from its `[probe.NAME]` table.
public struct ProbeContext: Sendable {
    /// The probe's decoded table.
    public var configuration: ProbeConfiguration
    /// A logger labelled with the probe's name.
    public var logger: Logger
    /// The process environment.
    public var environment: [String: String]
    /// The state directory, for probes that remember things between runs.
    public var stateDirectory: String

    /// Creates a context.
    public init(
        configuration: ProbeConfiguration, logger: Logger, environment: [String: String], stateDirectory: String
    ) {
        self.configuration = configuration
        self.logger = logger
        self.environment = environment
        self.stateDirectory = stateDirectory
    }

    /// The probe's name.
    public var name: String { configuration.name }
    /// The probe's decoded keys.
    public var section: ConfigSection { configuration.section }
}

/// How to build one kind of probe: the keys its table accepts and a function from them.
public struct ProbeFactory: Sendable {
    /// The kind's own keys (the common keys are added by the loader).
    public var schema: ConfigSchema
    /// Builds a probe; throws a ``ConfigDiagnostic`` for a problem the schema cannot express.
    public var make: @Sendable (ProbeContext) throws -> any Probe
    /// Finds probe tables by itself, from the environment, for a configuration that names no
    /// probe of this kind (`[daemon] discover = false` turns it off); `nil` finds none.
    public var discover: (@Sendable (_ environment: [String: String]) -> DiscoveredProbes?)?
    /// Checks a table against the world outside the configuration (the files the probe will
    /// read), for `config check` only: what it finds is an error there, while `run` and `check`
    /// keep the probe and report the problem as its result. `nil` checks nothing.
    public var audit: (@Sendable (ProbeContext) -> [ConfigDiagnostic])?

    /// Creates a factory.
    public init(
        schema: ConfigSchema, discover: (@Sendable (_ environment: [String: String]) -> DiscoveredProbes?)? = nil,
        audit: (@Sendable (ProbeContext) -> [ConfigDiagnostic])? = nil,
        make: @escaping @Sendable (ProbeContext) throws -> any Probe
    ) {
        self.schema = schema
        self.discover = discover
        self.audit = audit
        self.make = make
    }
}
