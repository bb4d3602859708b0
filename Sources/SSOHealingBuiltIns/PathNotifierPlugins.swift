import SSOHealingCore
import SSOHealingExecNotifier

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Notifier types served by programs on `PATH`: a drop-in's `type = "NAME"` with no built-in of
/// that name runs `sso-self-healing-notifier-NAME`, as git and kubectl find their plug-ins.
///
/// A plug-in follows the `exec` contract: it reads the event's JSON on stdin, finds its fields in
/// `SSO_SELF_HEALING_*` variables, and exits 0 (delivered), 75 (try again later) or anything
/// else (failed); running past the drop-in's `timeout` kills its process group and retries.
///
/// ```toml
/// type = "pager"                    # runs sso-self-healing-notifier-pager from PATH
/// args = ["--team", "platform"]     # optional arguments
/// environment = { PAGER_TOKEN = "${PAGER_TOKEN}" }   # optional variables (secret)
/// pass_environment = ["HTTPS_PROXY"]                 # optional: variables of the daemon's environment it also gets
/// ```
///
/// Like an `exec` program, a plug-in inherits only `PATH`, `HOME`, `LANG`, `LC_*`, `TZ`, `USER`,
/// `LOGNAME` and `SSO_SELF_HEALING_*` from the daemon (see `ProgramEnvironment`), and the
/// names in `pass_environment`: never another channel's secrets.
public enum PathNotifierPlugins {
    /// What a plug-in's file name starts with; the rest is the `type` name.
    public static let executablePrefix = "sso-self-healing-notifier-"

    /// The program a type name stands for, e.g. `sso-self-healing-notifier-pager`.
    public static func executableName(for type: NotifierType) -> String {
        executablePrefix + type.rawValue
    }

    /// The keys a plug-in's drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey("args", .strings, arguments: .all, summary: "arguments given to the plug-in after its name"),
            ConfigKey(
                "environment", .stringTable, secret: true,
                summary: "variables added to the plug-in's environment (values may be credentials)"),
            .passEnvironment,
        ],
        validate: { section in section.environmentNameProblems("environment") + section.passEnvironmentProblems() })

    /// Makes `registry` look up unknown notifier types on the `PATH` of `environment` (by default
    /// the process's, read when a lookup happens: every process registers, few look anything up).
    public static func install(in registry: Registry, environment: [String: String]? = nil) {
        registry.setExternalNotifierLookup(
            { type in factory(for: type, environment: environment ?? ProcessInfo.processInfo.environment) },
            hint: { type in
                isValidTypeName(type.rawValue)
                    ? "; no plug-in \(executableName(for: type)) on PATH either" : ""
            })
    }

    /// The factory for `type` when its plug-in is on the `PATH` of `environment`, else `nil`.
    public static func factory(for type: NotifierType, environment: [String: String]) -> NotifierFactory? {
        guard isValidTypeName(type.rawValue),
            let path = try? ProcessRunner.executablePath(for: executableName(for: type), environment: environment)
        else { return nil }
        return NotifierFactory(schema: schema) { context in
            let section = context.section
            var variables: [String: String] = [:]
            for pair in section.stringTable("environment") ?? [] { variables[pair.key] = pair.value }
            return ExecNotifier(
                command: [path] + (section.strings("args") ?? []), environment: variables,
                timeout: context.configuration.routing.timeout, passEnvironment: section.passedEnvironment,
                processEnvironment: context.environment)
        }
    }

    /// Whether `name` can be part of a file name: letters, digits, `-`, `_` and `.`, not starting with `.`.
    static func isValidTypeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "." else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "-" || scalar == "_" || scalar == ".")
        }
    }
}
