#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The daemon's own health: the self-health target `sso-self-healing:config`, `degraded` while a
/// drop-in in `notifiers.d/` cannot be built and its channel is disabled, `ok` once every drop-in
/// is in use again.
///
/// Its alerts go through the engine like any probe's (dedup, reminders, a resolution when fixed),
/// to the channels that work; each problem is named as `FILE:LINE:COLUMN: message`, never with a
/// secret. It joins a configuration only while a channel is disabled, or while the state still
/// remembers it failing (so that the fix is announced), see
/// ``BuiltConfiguration/watchConfigurationHealth(remembering:)``.
public struct ConfigurationHealthProbe: Probe {
    /// Its kind: the first half of its fingerprint.
    public static let kind = "sso-self-healing"
    /// Its target's name: the second half of its fingerprint.
    public static let targetName = "config"
    /// How many problems a summary names; the others are counted.
    static let namedProblems = 5

    /// The errors of the drop-ins whose channels are disabled.
    public var problems: [ConfigDiagnostic]

    /// Creates the probe.
    public init(problems: [ConfigDiagnostic]) {
        self.problems = problems
    }

    /// `degraded` naming every disabled channel's problem, or `ok`.
    public func check() async -> ProbeResult {
        Self.result(for: problems)
    }

    /// The result for `problems`.
    public static func result(for problems: [ConfigDiagnostic], at now: Date = Date()) -> ProbeResult {
        guard !problems.isEmpty else {
            return ProbeResult(state: .ok, summary: "every channel in notifiers.d is in use", at: now)
        }
        let channels = channelNames(of: problems)
        var named = problems.prefix(namedProblems).map(\.description)
        if problems.count > namedProblems { named.append("and \(problems.count - namedProblems) more") }
        let subject =
            channels.count == 1
            ? "channel \(channels[0]) is disabled: its drop-in cannot be used"
            : "channels \(channels.joined(separator: ", ")) are disabled: their drop-ins cannot be used"
        return ProbeResult(
            state: .degraded, summary: subject + ": " + named.joined(separator: "; "),
            remedy:
                "fix the drop-in (sso-self-healing config check lists every error), then reload the daemon (SIGHUP; a timer's next check reads it anew)",
            details: ["disabled_channels": channels.joined(separator: ", ")], at: now)
    }

    /// Each problem's channel, in order, once: a drop-in's file stem (a broken file never gets to
    /// set `name`), or `notifiers.d` for the folder itself.
    public static func channelNames(of problems: [ConfigDiagnostic]) -> [String] {
        var names: [String] = []
        for problem in problems {
            var name = String(problem.file.split(separator: "/").last ?? Substring(problem.file))
            if name.hasSuffix(".toml") { name.removeLast(".toml".count) }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The table the target stands for in a built configuration: its problems are among its
    /// values, so a reload that changes them probes it at once.
    static func configuration(problems: [ConfigDiagnostic], file: String) -> ProbeConfiguration {
        let section = ConfigSection(
            file: file, path: "probe.\(targetName)", location: SourceLocation(line: 1, column: 1),
            values: [
                "type": .string(kind), "failure_threshold": .integer(1), "success_threshold": .integer(1),
                "problems": .strings(problems.map(\.description)),
            ],
            schema: ConfigSchema(keys: []))
        return ProbeConfiguration(name: targetName, section: section)
    }
}
