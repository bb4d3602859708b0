import Foundation
import SSOHealingCore
import Testing

/// A device link lasts about ten minutes and a timer collects its approval only at the next run:
/// with a probe that heals, `install` writes the daemon unless told otherwise, and says why.
extension InstallCommandTests {
    /// Adds a probe with `heal = "device-code"` (and `extra` keys) to the setup's configuration.
    static func addHealingProbe(_ setup: Setup, extra: String = "") throws {
        let path = setup.scenario.configDirectory + "/config.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try setup.scenario.directory.write(
            "config/config.toml",
            text + "\n[probe.corp]\ntype = \"aws-sso\"\nprofile = \"corp\"\nheal = \"device-code\"\n\(extra)")
    }

    @Test func withAProbeThatHealsLaunchdDefaultsToTheDaemonAndSaysWhy() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        try Self.addHealingProbe(setup)
        let output = try await setup.run(["install", "--launchd", "--print"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(output.stderrText.contains("mode daemon: probe corp heals"), "\(output.stderrText)")
        let plist = try await parsedPlist(output.stdoutText, in: setup)
        #expect(plist["KeepAlive"] as? Bool == true)
        #expect(plist["StartInterval"] == nil)
        #expect((plist["ProgramArguments"] as? [String])?.dropFirst().first == "run")

        let written = try await setup.run(["install", "--launchd"])
        #expect(written.exitStatus == 0, "\(written.stderrText)")
        #expect(written.stdoutText.contains("mode daemon: probe corp heals"), "\(written.stdoutText)")
        #expect(try await setup.run(["uninstall", "--launchd"]).exitStatus == 0)
    }

    @Test func withAProbeThatHealsSystemdDefaultsToTheDaemonAndSaysWhy() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        try Self.addHealingProbe(setup)
        let output = try await setup.run(["install", "--systemd", "--print"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(output.stderrText.contains("mode daemon: probe corp heals"), "\(output.stderrText)")
        let units = printedUnits(output.stdoutText)
        #expect(units.keys.sorted() == ["sso-self-healing.service"])
        let service = try #require(units["sso-self-healing.service"])
        #expect(service.contains("Type=notify\n") && service.contains("ExecStart=\(binary) run --config-dir "))
        try await verify(units, in: setup)
    }

    @Test func anExplicitTimerWithAProbeThatHealsIsWarnedAbout() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        try Self.addHealingProbe(setup)
        for manager in ["--launchd", "--systemd"] {
            let timer = try await setup.run(["install", manager, "--mode", "timer", "--print"])
            #expect(timer.exitStatus == 0, "\(timer.stderrText)")
            #expect(
                timer.stderrText.contains("warning: probe corp heals")
                    && timer.stderrText.contains("use --mode daemon"), "\(timer.stderrText)")
            #expect(timer.stdoutText.contains(manager == "--launchd" ? "<key>StartInterval</key>" : "[Timer]"))
            // --interval alone asks for a timer too.
            let interval = try await setup.run(["install", manager, "--interval", "15m", "--print"])
            #expect(interval.exitStatus == 0, "\(interval.stderrText)")
            #expect(interval.stderrText.contains("(--interval means --mode timer)"), "\(interval.stderrText)")
            #expect(interval.stdoutText.contains(manager == "--launchd" ? "<integer>900</integer>" : "[Timer]"))
        }
    }

    @Test func withoutAProbeThatHealsTheTimerStaysTheDefault() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        try Self.addHealingProbe(setup, extra: "enabled = false\n")
        for manager in ["--launchd", "--systemd"] {
            let output = try await setup.run(["install", manager, "--print"])
            #expect(output.exitStatus == 0, "\(output.stderrText)")
            #expect(!output.stderrText.contains("heals"), "\(output.stderrText)")
            #expect(output.stdoutText.contains(manager == "--launchd" ? "<key>StartInterval</key>" : "[Timer]"))
        }
    }
}
