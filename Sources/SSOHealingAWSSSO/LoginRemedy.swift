import SSOHealingCore

/// The login a person should run to renew a session, fitted to the machine:
///
/// - `sso-self-healing login --sso-session NAME` where the probe heals (`heal = …`) or no browser
///   is likely (an SSH session; on Linux, no `DISPLAY` or `WAYLAND_DISPLAY`), and where there is
///   no AWS CLI: it prints a link to approve from any device;
/// - `aws sso login --use-device-code --sso-session NAME` with AWS CLI v2 (`--profile NAME` for a
///   legacy profile);
/// - `aws sso login --profile NAME` with AWS CLI v1, which knows no `sso-session`.
struct LoginRemedy: Sendable, Equatable {
    /// The machine's facts the choice depends on.
    struct Machine: Sendable, Equatable {
        /// Whether the probe heals by itself.
        var heals: Bool
        /// Whether a browser on this machine is likely to reach its user.
        var browserLikely: Bool
    }

    /// Whether a browser is likely: not over SSH, and on Linux a graphical session.
    static func browserLikely(environment: [String: String], isMacOS: Bool = LoginRemedy.isMacOS) -> Bool {
        let set: (String) -> Bool = { !(environment[$0] ?? "").isEmpty }
        if set("SSH_CONNECTION") || set("SSH_CLIENT") || set("SSH_TTY") { return false }
        return isMacOS || set("DISPLAY") || set("WAYLAND_DISPLAY")
    }

    /// Whether this program runs on macOS.
    static var isMacOS: Bool {
        #if os(macOS)
            true
        #else
            false
        #endif
    }

    /// Whether the remedy needs to know the AWS CLI at all (a healing probe, or a machine without
    /// a browser, gets this program's own login whatever the CLI).
    static func needsCLI(_ machine: Machine) -> Bool { !machine.heals && machine.browserLikely }

    /// The command for `session` on `machine`, with `cli` the AWS CLI found (`nil`: not asked).
    static func command(for session: WatchedSession, machine: Machine, cli: AWSCLIVersion?) -> String {
        let own = "sso-self-healing login --sso-session \(session.key)"
        guard needsCLI(machine), let cli, case .major(let major) = cli else { return own }
        let profile = session.profiles.first?.name ?? (session.primary.name.isEmpty ? nil : session.primary.name)
        if major >= 2 {
            if let name = session.sessionName { return "aws sso login --use-device-code --sso-session \(name)" }
            return profile.map { "aws sso login --use-device-code --profile \($0)" } ?? own
        }
        return profile.map { "aws sso login --profile \($0)" } ?? own
    }
}
