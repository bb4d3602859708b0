/// The effective configuration: `config.toml` and every enabled drop-in, decoded and validated.
public struct Configuration: Sendable {
    /// The `[daemon]` settings.
    public var daemon: DaemonSettings
    /// The `[daemon]` section as decoded (for printing).
    public var daemonSection: ConfigSection
    /// The probes, in the order written, disabled ones included.
    public var probes: [ProbeConfiguration]
    /// The channels, in lexical order of their files; disabled drop-ins are left out.
    public var notifiers: [NotifierConfiguration]
    /// The files read, `config.toml` first.
    public var files: [String]
    /// Drop-ins skipped because they say `enabled = false`.
    public var disabledFiles: [String]
    /// The errors of the drop-ins left out because they have one (a missing `${VAR}`, an
    /// unreadable secret file, a bad value, an unknown type), in file order: each disables its
    /// own channel only (see ``ConfigurationLoadResult/withoutBrokenDropIns()``).
    public var brokenDropIns: [ConfigDiagnostic] = []

    /// Creates a configuration.
    public init(
        daemon: DaemonSettings, daemonSection: ConfigSection, probes: [ProbeConfiguration],
        notifiers: [NotifierConfiguration], files: [String], disabledFiles: [String] = []
    ) {
        self.daemon = daemon
        self.daemonSection = daemonSection
        self.probes = probes
        self.notifiers = notifiers
        self.files = files
        self.disabledFiles = disabledFiles
    }

    /// The redactor for every secret of the configuration (see ``ConfigSection/secretValues``).
    public var redactor: Redactor {
        Redactor(
            secrets: sections.flatMap(\.secretValues), arguments: sections.flatMap(\.argumentValues))
    }

    private var sections: [ConfigSection] {
        [daemonSection] + probes.map(\.section) + notifiers.map(\.section)
    }

    /// The probes that run.
    public var enabledProbes: [ProbeConfiguration] { probes.filter(\.enabled) }

    /// The probe named `name`.
    public func probe(named name: String) -> ProbeConfiguration? {
        probes.first { $0.name == name }
    }

    /// The channel named `name`.
    public func notifier(named name: String) -> NotifierConfiguration? {
        notifiers.first { $0.name == name }
    }
}

/// What loading found: the configuration when it is valid, and every diagnostic either way.
public struct ConfigurationLoadResult: Sendable {
    /// The configuration, or `nil` when any error was found.
    public var configuration: Configuration?
    /// Errors and warnings, in file order.
    public var diagnostics: [ConfigDiagnostic]
    /// The configuration without the drop-ins that have an error (listed in its
    /// ``Configuration/brokenDropIns``), whatever else is wrong.
    public var partial: Configuration?

    /// Creates a result.
    public init(configuration: Configuration?, diagnostics: [ConfigDiagnostic], partial: Configuration? = nil) {
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.partial = partial ?? configuration
    }

    /// The errors alone.
    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The warnings alone.
    public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// The configuration, or an error carrying every diagnostic.
    public func get() throws(ConfigurationError) -> Configuration {
        guard let configuration, errors.isEmpty else { throw ConfigurationError(diagnostics: errors) }
        return configuration
    }

    /// The configuration with each drop-in that has an error left out (its errors in
    /// ``Configuration/brokenDropIns``), so that one broken channel never stops the probes or the
    /// other channels; an error carrying every diagnostic when anything else is wrong
    /// (`config.toml`, the environment file).
    public func withoutBrokenDropIns() throws(ConfigurationError) -> Configuration {
        guard let partial, errors.allSatisfy({ partial.brokenDropIns.contains($0) }) else {
            throw ConfigurationError(diagnostics: errors)
        }
        return partial
    }
}
