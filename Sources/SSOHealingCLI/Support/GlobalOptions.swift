import ArgumentParser
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The options every subcommand accepts: where configuration and state live, and how to log.
public struct GlobalOptions: ParsableArguments, Sendable {
    /// The configuration directory.
    @Option(
        name: .customLong("config-dir"),
        help: ArgumentHelp(
            "Configuration directory (config.toml, notifiers.d/). Env: SSO_SELF_HEALING_CONFIG_DIR; default ~/.config/sso-self-healing.",
            valueName: "dir"))
    public var configDirectory: String?

    /// The state directory.
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "State directory (ledger, outbox, last results). Env: SSO_SELF_HEALING_STATE_DIR; default $XDG_STATE_HOME/sso-self-healing or ~/.local/state/sso-self-healing.",
            valueName: "dir"))
    public var stateDirectory: String?

    /// A file of `KEY=value` lines whose variables are put over the environment.
    @Option(
        name: .customLong("environment-file"),
        help: ArgumentHelp(
            "KEY=value lines, read as systemd's EnvironmentFile= reads them (no shell: & ; # spaces and quotes are safe), over the environment; read again on every reload (SIGHUP). A missing file sets nothing. install points services at <config-dir>/service.env.",
            valueName: "file"))
    public var environmentFile: String?

    /// The log line format.
    @Option(name: .customLong("log-format"), help: "Log format: text or json (one JSON object a line).")
    public var logFormat: LogFormat = .text

    /// Whether debug logs are shown.
    @Flag(name: .long, help: "Log debug details.")
    public var verbose = false

    public init() {}

    /// The configuration directory after the option, the environment and the default.
    public func resolvedConfigDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configDirectory { return Paths.absolute(configDirectory) }
        if let value = environment["SSO_SELF_HEALING_CONFIG_DIR"], !value.isEmpty { return Paths.absolute(value) }
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? PathString.join(Paths.home(environment: environment), ".config")
        return PathString.join(base, ProductInfo.name)
    }

    /// The environment file, as an absolute path, when one is named.
    public var resolvedEnvironmentFile: String? { environmentFile.map(Paths.absolute) }

    /// The state directory after the option, the environment and the default.
    public func resolvedStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let stateDirectory { return Paths.absolute(stateDirectory) }
        if let value = environment["SSO_SELF_HEALING_STATE_DIR"], !value.isEmpty { return Paths.absolute(value) }
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? PathString.join(Paths.home(environment: environment), ".local/state")
        return PathString.join(base, ProductInfo.name)
    }
}

/// How log lines are written.
public enum LogFormat: String, ExpressibleByArgument, Sendable, CaseIterable {
    /// `2026-11-27T15:04:05Z info  message key=value`
    case text
    /// One JSON object a line.
    case json

    // ArgumentParser's defaults reach these through `String(describing:)`, whose first use costs
    // every process a scan of the runtime's conformance records; the raw values are the names.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public var defaultValueDescription: String { rawValue }
}
