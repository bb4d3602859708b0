import Foundation
import SSOHealingCore
import Testing

/// `install` and `uninstall` through the real binary, with HOME in a temporary directory; the
/// units are checked by `systemd-analyze verify` and the property list by Python's `plistlib`.
@Suite(.serialized) struct InstallCommandTests {
    /// A scenario whose configuration names `${SECRET_TOKEN}`, run with HOME inside it.
    struct Setup {
        let scenario: Scenario
        var home: String { scenario.directory.file("home") }
        var environment: [String: String] {
            var environment = scenario.environment
            environment["HOME"] = home
            environment["SECRET_TOKEN"] = "very-secret-value-42"
            environment.removeValue(forKey: "XDG_CONFIG_HOME")
            environment.removeValue(forKey: "XDG_STATE_HOME")
            return environment
        }

        init() throws {
            scenario = try Scenario()
            try FileManager.default.createDirectory(
                atPath: scenario.directory.file("home"), withIntermediateDirectories: true)
            try scenario.writeConfig()
            try scenario.addRecordingChannel("ops", extra: "environment = { TOKEN = \"${SECRET_TOKEN}\" }")
            try scenario.directory.write(
                "config/notifiers.d/90-commented.toml",
                "# type = \"slack\"\n# webhook_url = \"${COMMENTED_OUT}\"\ntype = \"console\"\n")
        }

        func run(_ arguments: [String]) async throws -> ProcessOutput {
            try await Binary.run(arguments, environment: environment)
        }

        /// Every regular file under HOME.
        func filesInHome() -> [String] {
            let enumerator = FileManager.default.enumerator(atPath: home)
            var files: [String] = []
            while let name = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: home + "/" + name, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    files.append(name)
                }
            }
            return files.sorted()
        }
    }

    /// The binary as the service manager will run it: symbolic links resolved.
    var binary: String { URL(fileURLWithPath: Binary.path).resolvingSymlinksInPath().path }

    /// The files of `install --systemd --print`, by name.
    func printedUnits(_ output: String) -> [String: String] {
        var units: [String: String] = [:]
        var current: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                current = (String(line.dropFirst(4)) as NSString).lastPathComponent
                units[current!] = ""
            } else if let name = current {
                units[name]! += line + "\n"
            }
        }
        return units.mapValues { $0.hasSuffix("\n\n") ? String($0.dropLast()) : $0 }
    }

    /// Writes `units` to a fresh folder and runs `systemd-analyze --user verify` on them.
    func verify(_ units: [String: String], in setup: Setup) async throws {
        guard let analyze = try? ProcessRunner.executablePath(for: "systemd-analyze", environment: setup.environment)
        else {
            Issue.record("systemd-analyze is not installed: install the Debian package systemd (scripts/test does)")
            return
        }
        let folder = setup.scenario.directory.file("verify")
        let runtime = setup.scenario.directory.file("runtime")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var paths: [String] = []
        for (name, contents) in units {
            let path = folder + "/" + name
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        var environment = setup.environment
        environment["XDG_RUNTIME_DIR"] = runtime
        environment["SYSTEMD_LOG_LEVEL"] = "notice"
        let output = try await ProcessRunner.run(
            [analyze, "--user", "verify"] + paths.sorted(), environment: environment, timeout: .seconds(60))
        #expect(output.exitStatus == 0, "systemd-analyze verify: \(output.stderrText)\(output.stdoutText)")
        #expect(output.stderrText.isEmpty && output.stdoutText.isEmpty, "\(output.stderrText)\(output.stdoutText)")
    }

    /// The property list printed by `install --launchd --print`, parsed by Python's `plistlib`.
    func parsedPlist(_ text: String, in setup: Setup) async throws -> [String: Any] {
        let script = """
            import json, plistlib, sys
            data = plistlib.loads(sys.stdin.buffer.read())
            assert isinstance(data, dict), "not a dictionary"
            print(json.dumps(data))
            """
        let output = try await ProcessRunner.run(
            ["python3", "-c", script], stdin: Array(text.utf8), environment: setup.environment, timeout: .seconds(60))
        #expect(output.exitStatus == 0, "plistlib: \(output.stderrText)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout))
        return try #require(object as? [String: Any])
    }

    @Test func timerModeWritesAOneshotServiceAndAPersistentTimerThatSystemdAccepts() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let output = try await setup.run(["install", "--systemd", "--print"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let units = printedUnits(output.stdoutText)
        #expect(units.keys.sorted() == ["sso-self-healing.service", "sso-self-healing.timer"])
        let service = try #require(units["sso-self-healing.service"])
        let timer = try #require(units["sso-self-healing.timer"])
        let config = setup.scenario.configDirectory
        #expect(service.contains("Type=oneshot\n"))
        #expect(
            service.contains(
                "ExecStart=\(binary) check --config-dir \(config) --state-dir \(setup.scenario.stateDirectory) --environment-file \(config)/service.env\n"
            ),
            "\(service)")
        // The program reads service.env itself, as under launchd: systemd does not.
        #expect(!service.contains("\nEnvironmentFile="))
        #expect(service.contains("Environment=\"PATH="))
        #expect(service.contains("SECRET_TOKEN"))
        #expect(!service.contains("very-secret-value-42"))
        #expect(!service.contains("COMMENTED_OUT"))
        #expect(timer.contains("OnCalendar=*-*-* *:00/10:00\n") && timer.contains("Persistent=true\n"))
        #expect(timer.contains("WantedBy=timers.target"))
        #expect(setup.filesInHome().isEmpty, "--print wrote \(setup.filesInHome())")
        try await verify(units, in: setup)
    }

    @Test func daemonModeWritesANotifyServiceWithAWatchdogRestartedOnFailure() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let output = try await setup.run(["install", "--systemd", "--mode", "daemon", "--print", "--label", "sso-test"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let units = printedUnits(output.stdoutText)
        #expect(units.keys.sorted() == ["sso-test.service"])
        let service = try #require(units["sso-test.service"])
        #expect(service.contains("Type=notify\n") && service.contains("Restart=on-failure\n"))
        #expect(service.contains("WatchdogSec=300s\n"))
        #expect(service.contains("ExecStart=\(binary) run --config-dir "))
        #expect(service.contains("WantedBy=default.target"))
        try await verify(units, in: setup)
    }

    @Test func anIntervalThatDoesNotDivideADayGetsAMonotonicTimer() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let output = try await setup.run(["install", "--systemd", "--interval", "7m", "--print"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let units = printedUnits(output.stdoutText)
        #expect(units["sso-self-healing.timer"]?.contains("OnUnitActiveSec=420s\n") == true)
        try await verify(units, in: setup)
        let hourly = printedUnits(
            try await setup.run(["install", "--systemd", "--interval", "2h", "--print"]).stdoutText)
        #expect(hourly["sso-self-healing.timer"]?.contains("OnCalendar=*-*-* 00/2:00:00\n") == true)
    }

    @Test func launchdTimerPlistParsesWithTheExpectedKeys() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let output = try await setup.run(["install", "--launchd", "--print", "--interval", "15m"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(!output.stdoutText.contains("very-secret-value-42"))
        let plist = try await parsedPlist(output.stdoutText, in: setup)
        #expect(plist["Label"] as? String == "com.sso-self-healing")
        let arguments = try #require(plist["ProgramArguments"] as? [String])
        // No shell in between: the program reads service.env itself.
        #expect(
            arguments == [
                binary, "check", "--config-dir", setup.scenario.configDirectory, "--state-dir",
                setup.scenario.stateDirectory, "--environment-file", "\(setup.scenario.configDirectory)/service.env",
            ])
        #expect(plist["StartInterval"] as? Int == 900)
        #expect(plist["RunAtLoad"] as? Bool == true)
        #expect(plist["KeepAlive"] == nil)
        #expect(plist["StandardErrorPath"] as? String == setup.home + "/Library/Logs/com.sso-self-healing.log")
        let variables = try #require(plist["EnvironmentVariables"] as? [String: String])
        #expect(variables["PATH"]?.isEmpty == false)
        #expect(variables["SECRET_TOKEN"] == nil)
    }

    @Test func launchdDaemonPlistIsKeptAlive() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let output = try await setup.run(["install", "--launchd", "--print", "--mode", "daemon"])
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let plist = try await parsedPlist(output.stdoutText, in: setup)
        #expect(plist["KeepAlive"] as? Bool == true)
        #expect(plist["StartInterval"] == nil)
        #expect((plist["ProgramArguments"] as? [String])?.contains("run") == true)
        #expect(plist["StandardOutPath"] as? String == setup.home + "/Library/Logs/com.sso-self-healing.log")
    }

    @Test func installThenUninstallLeavesNoFileBehind() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        for manager in ["--systemd", "--launchd"] {
            for mode in ["timer", "daemon"] {
                let install = try await setup.run(["install", manager, "--mode", mode])
                #expect(install.exitStatus == 0, "\(install.stderrText)")
                #expect(install.stdoutText.contains("next: "))
                #expect(!setup.filesInHome().isEmpty)
                let again = try await setup.run(["install", manager, "--mode", mode])
                #expect(again.exitStatus == 0 && again.stdoutText.contains("updated "), "\(again.stderrText)")
                for file in setup.filesInHome() {
                    let text = try String(contentsOfFile: setup.home + "/" + file, encoding: .utf8)
                    #expect(!text.contains("very-secret-value-42"))
                }
                let uninstall = try await setup.run(["uninstall", manager])
                #expect(uninstall.exitStatus == 0, "\(uninstall.stderrText)")
                #expect(setup.filesInHome().isEmpty, "left behind: \(setup.filesInHome())")
            }
        }
        let nothing = try await setup.run(["uninstall", "--systemd"])
        #expect(nothing.exitStatus == 1 && nothing.stderrText.contains("nothing to uninstall"))
    }

    @Test func installNamesTheVariablesTheServiceNeedsWithoutWritingThem() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let output = try await setup.run(["install", "--systemd"])
        #expect(
            output.stdoutText.contains("the configuration names SECRET_TOKEN: set them in "), "\(output.stdoutText)")
        try setup.scenario.directory.write("config/service.env", "OTHER=1\n", mode: 0o644)
        let again = try await setup.run(["install", "--systemd"])
        #expect(again.stdoutText.contains("service.env does not set SECRET_TOKEN"), "\(again.stdoutText)")
        #expect(again.stderrText.contains("readable by group or others"), "\(again.stderrText)")
        _ = try await setup.run(["uninstall", "--systemd"])
    }

    @Test func filesNotWrittenByInstallAreNeitherReplacedNorRemoved() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let folder = setup.home + "/.config/systemd/user"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("[Service]\nExecStart=/bin/true\n".utf8).write(to: URL(fileURLWithPath: folder + "/mine.service"))
        let install = try await setup.run(["install", "--systemd", "--label", "mine"])
        #expect(install.exitStatus == 1 && install.stderrText.contains("was not written by sso-self-healing install"))
        let uninstall = try await setup.run(["uninstall", "--systemd", "--label", "mine"])
        #expect(uninstall.exitStatus == 1 && uninstall.stderrText.contains("leaving it"))
        #expect(FileManager.default.fileExists(atPath: folder + "/mine.service"))
    }

    @Test func anEnabledUnitIsNotRemoved() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        #expect(try await setup.run(["install", "--systemd"]).exitStatus == 0)
        let folder = setup.home + "/.config/systemd/user"
        try FileManager.default.createDirectory(
            atPath: folder + "/timers.target.wants", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/timers.target.wants/sso-self-healing.timer",
            withDestinationPath: folder + "/sso-self-healing.timer")
        let uninstall = try await setup.run(["uninstall", "--systemd"])
        #expect(uninstall.exitStatus == 1)
        #expect(
            uninstall.stderrText.contains("systemctl --user disable --now sso-self-healing.timer"),
            "\(uninstall.stderrText)")
        #expect(FileManager.default.fileExists(atPath: folder + "/sso-self-healing.timer"))
    }

    @Test func invalidChoicesAreRefusedWithAReason() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let noManager = try await setup.run(["install", "--print"])
        // The README's "1 with the reason", not a usage error's 64.
        #expect(noManager.exitStatus == 1 && noManager.stderrText.contains("--launchd or --systemd"))
        let both = try await setup.run(["install", "--launchd", "--systemd", "--print"])
        #expect(both.exitStatus != 0)
        let daemonInterval = try await setup.run(["install", "--systemd", "--mode", "daemon", "--interval", "5m"])
        #expect(
            daemonInterval.exitStatus != 0 && daemonInterval.stderrText.contains("--interval applies to --mode timer"))
        let short = try await setup.run(["install", "--systemd", "--interval", "10s"])
        #expect(short.exitStatus != 0 && short.stderrText.contains("at least 1m"))
        let label = try await setup.run(["install", "--systemd", "--label", "../x", "--print"])
        #expect(label.exitStatus != 0 && label.stderrText.contains("invalid label"))
        #expect(setup.filesInHome().isEmpty)
    }
}
