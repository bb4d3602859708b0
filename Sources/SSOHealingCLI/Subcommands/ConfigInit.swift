import ArgumentParser
import SSOHealingAWSSSO
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SSOSelfHealingCommand.Config {
    /// `config init`: a commented starter configuration, never over an existing one.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a commented starter config.toml (the SSO sessions of the AWS config) and channels.",
            discussion: """
                Writes config.toml with one aws-sso probe per SSO session found in the AWS config \
                (AWS_CONFIG_FILE or ~/.aws/config), and notifiers.d/10-console.toml and \
                notifiers.d/20-desktop.toml. Refuses, writing nothing, when any of them exists. \
                Exit status: 0 written, 1 otherwise.
                """
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CommandContext(global: global)
            let directory = context.configDirectory
            let discovered = SSOSelfHealingCommand.registry.kinds.probeDiscoveries[AWSSSOProbe.kind]?(
                context.environment)
            let files = [
                (ConfigurationLoader.mainFileName, StarterConfiguration.main(discovered, at: context.now())),
                (ConfigurationLoader.dropInDirectoryName + "/10-console.toml", StarterConfiguration.console),
                (ConfigurationLoader.dropInDirectoryName + "/20-desktop.toml", StarterConfiguration.desktop),
            ].map { (PathString.join(directory, $0.0), $0.1) }
            let existing = files.map(\.0).filter { FileManager.default.fileExists(atPath: $0) }
            guard existing.isEmpty else {
                Output.error(
                    "not writing anything: \(existing.joined(separator: ", ")) "
                        + (existing.count == 1 ? "already exists" : "already exist")
                        + "; move it away first, or edit it")
                throw ExitCode(1)
            }
            do {
                try AtomicFile.makePrivateDirectory(directory)
                try AtomicFile.makePrivateDirectory(PathString.join(directory, ConfigurationLoader.dropInDirectoryName))
                for (path, text) in files {
                    try AtomicFile.write(Data(text.utf8), to: path, mode: 0o600, replacing: false)
                }
            } catch {
                Output.error("cannot write the configuration: \(error)")
                throw ExitCode(1)
            }
            for (path, _) in files { Output.print("wrote \(path)") }
            let sessions = discovered?.tables.count ?? 0
            Output.print(
                sessions == 0
                    ? "no SSO session found in the AWS config: add [probe.NAME] tables to config.toml"
                    : "\(sessions) SSO session\(sessions == 1 ? "" : "s") from \(discovered?.source ?? "the AWS config"); "
                        + "next: sso-self-healing config check, then check")
        }
    }
}

/// The text `config init` writes.
enum StarterConfiguration {
    /// `config.toml`: the daemon's settings and one probe per discovered session, commented.
    static func main(_ discovered: DiscoveredProbes?, at now: Date) -> String {
        var text = """
            # sso-self-healing configuration, written by `sso-self-healing config init` at \(Timestamp.string(now)).
            # Every key is optional; `sso-self-healing config show` prints the effective values.

            [daemon]
            interval = "10m"          # time between probe cycles
            jitter = "30s"            # up to this much random delay added to each cycle
            # heartbeat_url = "${HEALTHCHECK_URL}"   # a dead man's switch, pinged after every cycle
            # discover = true         # with no aws-sso probe below, watch every SSO session of the AWS config

            """
        guard let discovered, !discovered.tables.isEmpty else {
            return text + """

                # No SSO session was found in the AWS config. Add one probe per session, e.g.:
                # [probe.corp]
                # type = "aws-sso"
                # sso_session = "corp"    # an [sso-session corp] of ~/.aws/config, with all its profiles

                """
        }
        text += """

            # The SSO sessions of \(discovered.source). A probe watches one session: its token is
            # refreshed and proven once per cycle, and each profile's role is checked; a change is one
            # alert naming the session and its profiles, with the remedy `aws sso login --sso-session NAME`.

            """
        for table in discovered.tables {
            text += "\n[probe.\(table.name)]\n" + table.toml
            if table.toml.contains("sso_session") {
                text += "# profiles = [\"dev\", \"prod\"]  # only these of the session's profiles (default: all)\n"
            } else {
                text +=
                    "# a legacy profile (no sso_session): it cannot refresh; add an [sso-session] to keep it alive\n"
            }
            text += """
                # session_lifetime = "8h"     # the IAM Identity Center session duration (up to 90d): forecasts its end
                # warn_before = "1h"          # degraded when the session or registration ends within this
                # mode = "native"             # or "cli": run aws sts get-caller-identity, as the origin did
                # heal = "device-code"        # on expiry, start a device login and put its approval link in the alert

                """
        }
        return text
    }

    /// `notifiers.d/10-console.toml`.
    static let console = """
        # The console channel: one line per alert on stderr, which journald and launchd capture.
        # Written by `sso-self-healing config init`; see the examples shipped in notifiers.d/.
        type = "console"

        """

    /// `notifiers.d/20-desktop.toml`.
    static let desktop = """
        # Desktop notifications: notify-send on Linux (needs the desktop session's D-Bus), osascript on macOS.
        # Written by `sso-self-healing config init`; set `enabled = false` on a machine without a desktop.
        type = "notify-send"
        min_severity = "warning"   # degraded and expired, and their resolution

        """
}
