import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A new user's machine: a working AWS config, no `config.toml`, no drop-in. Every SSO session
/// is watched with the defaults, and alerts reach the console channel.
@Suite(.serialized) struct DiscoveryEndToEndTests {
    /// A HOME whose AWS config has sessions `alpha` (working) and `beta` (revoked), and a legacy
    /// profile `old` on a third start URL, all served by one fake.
    struct Machine {
        let directory: TemporaryDirectory
        let aws: FakeAWS
        let setups: [FakeAWSProfile]
        var home: String { directory.file("home") }

        init() throws {
            directory = try TemporaryDirectory(prefix: "sso-discovery")
            aws = try FakeAWS()
            let home = directory.file("home")
            setups = [
                FakeAWSProfile(home: home, profile: "a", sessionName: "alpha", accountID: "111111111111"),
                FakeAWSProfile(
                    home: home, profile: "b", sessionName: "beta",
                    startURL: "https://d-beta000000.awsapps.com/start", accountID: "222222222222"),
                FakeAWSProfile(
                    home: home, profile: "old", startURL: "https://d-legacy0000.awsapps.com/start",
                    accountID: "333333333333", legacy: true),
            ]
            let client = aws.registerClient()
            try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
            try setups.map { $0.configText(for: aws) }.joined(separator: "\n")
                .write(toFile: setups[0].configPath, atomically: true, encoding: .utf8)
            for (index, setup) in setups.enumerated() {
                aws.assignRole(setup.assignment)
                let session = aws.startSession(client: client)
                try setup.writeTokenCache(session)
                if index == 1 {
                    aws.endSession(session)
                    try setup.writeTokenCache(session, accessTokenExpiresAt: Date().addingTimeInterval(-60))
                }
            }
        }

        /// The environment: the fake's endpoints, and empty configuration and state directories.
        var environment: [String: String] {
            var environment = setups[0].environment(for: aws)
            environment["SSO_SELF_HEALING_CONFIG_DIR"] = directory.file("config")
            environment["SSO_SELF_HEALING_STATE_DIR"] = directory.file("state")
            environment.removeValue(forKey: "SSO_SELF_HEALING_TEST_NOW")
            environment.removeValue(forKey: "DBUS_SESSION_BUS_ADDRESS")
            environment.removeValue(forKey: "XDG_RUNTIME_DIR")
            return environment
        }

        func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> ProcessOutput {
            try await ProcessRunner.run(
                [Binary.path] + arguments, environment: environment ?? self.environment, timeout: .seconds(60))
        }

        func remove() {
            aws.stop()
            directory.remove()
        }
    }

    @Test func withNoConfigurationEverySessionIsWatchedAndAlertsReachTheConsole() async throws {
        let machine = try Machine()
        defer { machine.remove() }

        let shown = try await machine.run(["config", "show"])
        #expect(shown.exitStatus == 0, "\(shown.stderrText)")
        #expect(shown.stdoutText.contains("# discovered in \(machine.setups[0].configPath)"), "\(shown.stdoutText)")
        for name in ["alpha", "beta", "legacy-old"] { #expect(shown.stdoutText.contains("[probe.\(name)]")) }

        let listed = try await machine.run(["notifiers", "list"])
        #expect(listed.stdoutText.hasPrefix("console\ttype=console"), "\(listed.stdoutText)")
        #expect(!listed.stdoutText.contains("desktop"), "no desktop session is reachable here")

        var output = try await machine.run(["check", "--json"])
        #expect(output.exitStatus == 2, "the worst of ok, expired and degraded: \(output.stderrText)")
        let outcomes = try #require(JSONValue.parse(output.stdoutText)?["probes"]?.arrayValue)
        let names = outcomes.compactMap { $0["name"]?.stringValue }
        #expect(names == ["alpha", "beta", "https://d-legacy0000.awsapps.com/start"])
        #expect(outcomes.map { $0["result"]?.stringValue ?? "" } == ["ok", "expired", "degraded"])
        output = try await machine.run(["check"])
        #expect(output.exitStatus == 2)
        #expect(output.stderrText.contains("CRITICAL beta: expired (was unknown)"), "\(output.stderrText)")
        #expect(output.stderrText.contains("remedy: sso-self-healing login --sso-session beta"), "a headless machine")
        #expect(output.stdoutText.contains("→ console: delivered"), "\(output.stdoutText)")

        let status = try await machine.run(["status", "--json"])
        #expect(status.exitStatus == 2)
        let targets = try #require(JSONValue.parse(status.stdoutText)?["targets"]?.arrayValue, "\(status.stdoutText)")
        #expect(targets.compactMap { $0["name"]?.stringValue } == names)

        for text in [shown.stdoutText, listed.stdoutText, output.stdoutText, output.stderrText, status.stdoutText] {
            for secret in machine.aws.issuedSecrets { #expect(!text.contains(secret), "a secret in an output") }
        }

        // Writing an aws-sso probe of one's own turns discovery off; so does [daemon] discover = false.
        try machine.directory.write("config/config.toml", "[daemon]\ndiscover = false\n")
        output = try await machine.run(["check", "--json"])
        #expect(JSONValue.parse(output.stdoutText)?["probes"]?.arrayValue?.isEmpty == true, "\(output.stdoutText)")
    }

    @Test func withNoDropInAnExpiredAlertReachesARealDesktopNotificationDaemon() async throws {
        let machine = try Machine()
        defer { machine.remove() }
        let desktop = try DesktopSession()
        try await desktop.start()
        var environment = machine.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = await desktop.busAddress

        let listed = try await machine.run(["notifiers", "list"], environment: environment)
        #expect(listed.stdoutText.contains("desktop\ttype=notify-send"), "\(listed.stdoutText)")
        _ = try await machine.run(["check"], environment: environment)
        let output = try await machine.run(["check"], environment: environment)
        #expect(output.exitStatus == 2)
        #expect(output.stdoutText.contains("→ desktop: delivered"), "\(output.stdoutText)\(output.stderrText)")
        #expect(output.stderrText.contains("CRITICAL beta: expired"), "the console too")
        let shown = try await desktop.history()
        await desktop.stop()
        let alert = shown.first { $0.summary.contains("beta") || $0.body.contains("SSO session beta expired") }
        #expect(alert != nil, "\(shown.map { "\($0.summary) | \($0.body)" })")
        #expect(alert?.urgency == "critical")
    }

    @Test func configInitWritesAStarterThatChecksAndNeverOverwrites() async throws {
        let machine = try Machine()
        defer { machine.remove() }
        let written = try await machine.run(["config", "init"])
        #expect(written.exitStatus == 0, "\(written.stderrText)")
        let main = try String(contentsOfFile: machine.directory.file("config/config.toml"), encoding: .utf8)
        for table in ["[probe.alpha]", "[probe.beta]", "[probe.legacy-old]", "sso_session = \"alpha\""] {
            #expect(main.contains(table), "\(main)")
        }
        for file in ["config.toml", "notifiers.d/10-console.toml", "notifiers.d/20-desktop.toml"] {
            #expect(FilePermissions.mode(of: machine.directory.file("config/" + file)).map { $0 & 0o777 } == 0o600)
        }
        let checked = try await machine.run(["config", "check"])
        #expect(checked.exitStatus == 0, "\(checked.stdoutText)\(checked.stderrText)")
        #expect(checked.stdoutText.contains("3 probes, 2 notifiers"), "\(checked.stdoutText)")
        let listed = try await machine.run(["notifiers", "list"])
        #expect(listed.stdoutText.contains("20-desktop\ttype=notify-send"), "\(listed.stdoutText)")

        // Never over anything that exists: a second run writes nothing, not even the missing files.
        try FileManager.default.removeItem(atPath: machine.directory.file("config/notifiers.d/20-desktop.toml"))
        try "# mine\n".write(toFile: machine.directory.file("config/config.toml"), atomically: true, encoding: .utf8)
        let again = try await machine.run(["config", "init"])
        #expect(again.exitStatus == 1)
        #expect(again.stderrText.contains("already exist"), "\(again.stderrText)")
        #expect(try String(contentsOfFile: machine.directory.file("config/config.toml"), encoding: .utf8) == "# mine\n")
        #expect(!FileManager.default.fileExists(atPath: machine.directory.file("config/notifiers.d/20-desktop.toml")))
    }
}
