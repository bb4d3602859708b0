import ArgumentParser
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `install` puts in a service definition, whichever service manager reads it.
struct ServicePlan {
    /// Which command the service manager runs.
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        /// `run`, kept alive by the service manager.
        case daemon
        /// `check`, started every `interval` by a timer (systemd) or `StartInterval` (launchd).
        case timer

        // As for `LogFormat`: the raw values, without `String(describing:)`.
        static var allValueStrings: [String] { allCases.map(\.rawValue) }
        var defaultValueDescription: String { rawValue }
    }

    /// The unit name (systemd) or job label (launchd).
    var label: String
    var mode: Mode
    /// How often `check` runs in timer mode.
    var interval: Duration
    /// The absolute path of the program to run.
    var executable: String
    var configDirectory: String
    var stateDirectory: String
    /// Variables written into the definition as they are now: not secrets (`PATH`, AWS settings).
    var environment: [(name: String, value: String)]
    /// The file the program reads secrets from at every start and reload (`KEY=value` lines read
    /// as systemd's `EnvironmentFile=` reads them, mode 0600), through `--environment-file`.
    var environmentFile: String
    /// The variables the configuration refers to with `${VAR}`, for the environment file.
    var configuredVariables: [String]
    /// The user's home directory.
    var home: String

    /// The marker every written file carries, so that `install` only replaces, and `uninstall`
    /// only removes, what `install` wrote.
    static let marker = "Written by sso-self-healing install"

    /// The command line the service manager starts: the program reads the environment file
    /// itself, so that launchd and systemd give it the same values, and a reload re-reads it.
    var arguments: [String] {
        [
            executable, mode == .daemon ? "run" : "check", "--config-dir", configDirectory, "--state-dir",
            stateDirectory, "--environment-file", environmentFile,
        ]
    }

    /// Variables from the current environment worth carrying into the service, when set: how
    /// programs and the AWS configuration are found.
    static let carriedVariables = [
        "PATH", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE", "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_STS",
    ]

    /// `path` without relative or repeated entries: a service has no meaningful working directory.
    static func cleanedSearchPath(_ path: String) -> String {
        var seen = Set<Substring>()
        return path.split(separator: ":").filter { $0.hasPrefix("/") && seen.insert($0).inserted }
            .joined(separator: ":")
    }

    /// The variables named by `${VAR}` in `config.toml` and the `notifiers.d/*.toml` drop-ins of
    /// `configDirectory`, sorted, comment lines skipped.
    static func configuredVariables(in configDirectory: String) -> [String] {
        var files = [PathString.join(configDirectory, "config.toml")]
        let dropIns = PathString.join(configDirectory, "notifiers.d")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dropIns)) ?? []
        where name.hasSuffix(".toml") && !name.hasPrefix(".") {
            files.append(PathString.join(dropIns, name))
        }
        var names = Set<String>()
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") { continue }
                names.formUnion(EnvironmentExpansion.referencedVariables(in: String(line)))
            }
        }
        return names.sorted()
    }

    /// The probes of `config.toml` in `configDirectory` that heal by themselves (a `heal` key,
    /// not disabled), sorted. Read from the file's syntax alone, so that a configuration that
    /// cannot be loaded yet (a variable still missing) is judged too.
    static func healingProbes(in configDirectory: String) -> [String] {
        let path = PathString.join(configDirectory, ConfigurationLoader.mainFileName)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let root = try? TOMLParser.parse(text), case .table(let probes)? = root["probe"]?.value
        else { return [] }
        return probes.entries.compactMap { entry -> String? in
            guard case .table(let probe) = entry.node.value, case .string(let heal)? = probe["heal"]?.value,
                !heal.isEmpty
            else { return nil }
            if case .boolean(false)? = probe["enabled"]?.value { return nil }
            return entry.key
        }.sorted()
    }
}

/// One file `install` writes.
struct ServiceFile: Equatable {
    /// Its absolute path.
    var path: String
    var contents: String
}
