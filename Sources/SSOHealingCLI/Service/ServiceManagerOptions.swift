import ArgumentParser

/// The service managers `install` and `uninstall` write for.
enum ServiceManager: String, EnumerableFlag {
    /// macOS: a launchd agent in `~/Library/LaunchAgents`.
    case launchd
    /// Linux: systemd user units in `~/.config/systemd/user`.
    case systemd

    static func help(for value: ServiceManager) -> ArgumentHelp? {
        switch value {
        case .launchd: "A launchd agent: ~/Library/LaunchAgents/<label>.plist (macOS)."
        case .systemd: "systemd user units: ~/.config/systemd/user/<label>.service (and .timer) (Linux)."
        }
    }

    /// The label used when `--label` is not given.
    var defaultLabel: String {
        switch self {
        case .launchd: "com.sso-self-healing"
        case .systemd: "sso-self-healing"
        }
    }
}

/// `--launchd | --systemd` and `--label`, shared by `install` and `uninstall`.
struct ServiceManagerOptions: ParsableArguments {
    @Flag(exclusivity: .exclusive)
    var manager: ServiceManager?

    @Option(
        name: .customLong("label"),
        help: ArgumentHelp(
            "The unit name or launchd label (default: sso-self-healing for systemd, com.sso-self-healing for launchd).",
            valueName: "name"))
    var label: String?

    func validate() throws {
        // Exit 1 with the reason, as the README promises for install and uninstall (not 64).
        guard manager != nil else { throw fail("choose a service manager: --launchd or --systemd") }
        if let label {
            let allowed = label.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                        || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == ".")
            }
            guard allowed, !label.isEmpty, !label.hasPrefix("."), !label.hasSuffix(".service"),
                !label.hasSuffix(".timer"), !label.hasSuffix(".plist")
            else {
                throw ValidationError(
                    "invalid label \"\(label)\": use letters, digits, \"-\", \"_\" and \".\", without a file extension")
            }
        }
    }

    /// The chosen manager (validated to be present).
    var chosen: ServiceManager { manager ?? .systemd }

    /// The label, given or default.
    var resolvedLabel: String { label ?? chosen.defaultLabel }
}
