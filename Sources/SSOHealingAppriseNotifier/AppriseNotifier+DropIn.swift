import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension AppriseNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "apprise"

    /// The program run unless `command` names another.
    public static let defaultProgram = "apprise"

    /// How a run of apprise that ended badly is told apart: 1 (a service refused or could not
    /// be reached), 4 (only some URLs took it), 5 (apprise gave up waiting) and a timeout are
    /// retried; anything else fails.
    public static let policy = ProgramDelivery.Policy(retryableStatuses: [1, 4, 5], retriesTimeouts: true)

    /// Where apprise comes from, for errors.
    static let installHint = "install it with `pip install apprise` (or `pipx install apprise`), or set \"command\""

    /// The keys an `apprise` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "urls", .strings, secret: true, required: true,
                summary: "the Apprise URLs to notify, e.g. [\"${DISCORD_URL}\"] (they carry tokens: secrets)"),
            ConfigKey(
                "command", .string, default: .string(defaultProgram),
                summary: "the apprise program, e.g. \"/opt/apprise/bin/apprise\" (default: apprise on PATH)"),
            .passEnvironment,
        ],
        validate: { section in
            problems(in: section, environment: ProcessInfo.processInfo.environment) + section.passEnvironmentProblems()
        })

    /// Builds `apprise` channels from drop-ins; the drop-in's `timeout` bounds each run. A
    /// missing `apprise` is an error here, so the daemon does not start with a channel that
    /// cannot deliver anything.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section, environment: context.environment).first { throw problem }
        guard let urls = section.strings("urls") else {
            throw section.error("missing required key \"urls\" in \(section.path)")
        }
        return AppriseNotifier(
            urls: urls, program: section.string("command") ?? defaultProgram,
            timeout: context.configuration.routing.timeout,
            // Apprise reaches its services over HTTP (proxies, CA bundles) and reads its own
            // configuration under XDG_CONFIG_HOME; nothing else of the daemon's environment.
            environment: ProgramEnvironment.inherited(
                from: context.environment,
                passing: ProgramEnvironment.proxyNames.union(ProgramEnvironment.certificateNames)
                    .union(["XDG_CONFIG_HOME", "TMPDIR"]).union(section.passedEnvironment)))
    }

    /// Why `url` cannot be an Apprise URL, or `nil`: it must start with a scheme and `://` and
    /// be one line (the URL file holds one a line). The text of the URL is never quoted.
    static func problem(inURL url: String) -> String? {
        if url.contains(where: { $0.isNewline }) { return "contains a line break" }
        guard let separator = url.firstRange(of: "://") else {
            return "has no scheme: write it as Apprise does, e.g. \"json://host/path\" or \"discord://…\""
        }
        let scheme = url[..<separator.lowerBound].unicodeScalars
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = scheme.first, isLetter(first),
            scheme.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else {
            return "does not start with a scheme (a letter, then letters, digits, + - .) followed by \"://\""
        }
        guard url[separator.upperBound...].contains(where: { !$0.isWhitespace }) else {
            return "has nothing after \"://\""
        }
        return nil
    }

    private static func problems(in section: ConfigSection, environment: [String: String]) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let urls = section.strings("urls") {
            if urls.isEmpty {
                problems.append(section.error("\"urls\" must name at least one Apprise URL", key: "urls"))
            }
            for (index, url) in urls.enumerated() {
                if let problem = problem(inURL: url) {
                    problems.append(section.error("URL \(index + 1) of \"urls\" \(problem)", key: "urls"))
                }
            }
        }
        let program = section.string("command") ?? defaultProgram
        if program.isEmpty {
            problems.append(
                section.error("\"command\" must not be empty: leave it out to use apprise on PATH", key: "command"))
        } else {
            do {
                _ = try ProcessRunner.executablePath(for: program, environment: environment)
            } catch {
                problems.append(
                    section.error(
                        "\(error.description): an apprise channel cannot deliver without it (\(installHint))",
                        key: section.isGiven("command") ? "command" : "type"))
            }
        }
        return problems
    }
}
