import Foundation
import SSOHealingCore
import Testing

@Suite(.serialized) struct PathNotifierPluginTests {
    /// Writes `sso-self-healing-notifier-<type>` into `<scenario>/plugins`, appending its
    /// arguments, a variable and the event JSON to `<type>.log`; returns the environment with that folder on PATH.
    func installPlugin(_ type: String, in scenario: Scenario, exit code: Int = 0) throws -> [String: String] {
        let log = scenario.directory.file("\(type).log")
        try FileManager.default.createDirectory(
            atPath: scenario.directory.file("plugins"), withIntermediateDirectories: true)
        try scenario.directory.write(
            "plugins/sso-self-healing-notifier-\(type)",
            """
            #!/bin/sh
            event=$(cat)
            printf '%s\\t%s\\t%s\\t%s\\n' "$*" "$PLUGIN_TOKEN" "$SSO_SELF_HEALING_STATE" "$event" >> "\(log)"
            exit \(code)
            """, mode: 0o755)
        var environment = scenario.environment
        environment["PATH"] = scenario.directory.file("plugins") + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["PLUGIN_TOKEN"] = "tok-123"
        return environment
    }

    @Test func aPluginOnPathReceivesTheEvent() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let environment = try installPlugin("pager", in: scenario)
        try scenario.directory.write(
            "config/notifiers.d/20-pager.toml",
            """
            type = "pager"
            args = ["--team", "platform"]
            environment = { PLUGIN_TOKEN = "${PLUGIN_TOKEN}" }
            """)

        let configCheck = try await Binary.run(["config", "check"], environment: environment)
        #expect(configCheck.exitStatus == 0, "\(configCheck.stderrText)")

        try scenario.setProbe(.expired)
        let output = try await Binary.run(["check"], environment: environment)
        #expect(output.exitStatus == 2, "\(output.stderrText)")
        #expect(output.stdoutText.contains("20-pager: delivered"), "\(output.stdoutText)")

        let text = try String(contentsOfFile: scenario.directory.file("pager.log"), encoding: .utf8)
        let fields = try #require(text.split(separator: "\n").first).split(separator: "\t", maxSplits: 3)
        #expect(fields.count == 4)
        #expect(fields[0] == "--team platform")
        #expect(fields[1] == "tok-123")
        #expect(fields[2] == "expired")
        let event = try AlertEvent.decoder().decode(AlertEvent.self, from: Data(fields[3].utf8))
        #expect(event.probe == "vpn" && event.state == .expired)
    }

    @Test func aPluginAnsweringTempfailIsRetried() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let environment = try installPlugin("flaky", in: scenario, exit: 75)
        try scenario.directory.write("config/notifiers.d/20-flaky.toml", "type = \"flaky\"\n")
        try scenario.setProbe(.expired)
        let output = try await Binary.run(["check"], environment: environment)
        #expect(output.stdoutText.contains("20-flaky: will retry"), "\(output.stdoutText)")
    }

    @Test func aTypeWithNeitherBuiltInNorPluginIsAConfigurationError() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.directory.write("config/notifiers.d/20-nowhere.toml", "type = \"nowhere\"\n")
        let output = try await Binary.run(["config", "check"], environment: scenario.environment)
        #expect(output.exitStatus == 78)
        #expect(output.stderrText.contains("20-nowhere.toml:1:"), "\(output.stderrText)")
        #expect(output.stderrText.contains("unknown notifier type \"nowhere\" (known: "))
        #expect(output.stderrText.contains("console, exec"))
        #expect(output.stderrText.contains("no plug-in sso-self-healing-notifier-nowhere on PATH"))
    }

    @Test func aPluginSeesNoOtherChannelsSecretAndSeesWhatItsDropInPasses() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try FileManager.default.createDirectory(
            atPath: scenario.directory.file("plugins"), withIntermediateDirectories: true)
        // The plug-in dumps its whole environment to <first argument>.env.
        try scenario.directory.write(
            "plugins/sso-self-healing-notifier-dumper",
            "#!/bin/sh\ncat > /dev/null\nenv > \"\(scenario.directory.path)/$1.env\"\n", mode: 0o755)
        var environment = scenario.environment
        environment["PATH"] = scenario.directory.file("plugins") + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let secrets = [
            "SLACK_WEBHOOK_URL": "http://127.0.0.1:9/services/T0/B0/slack-s3cr3t",
            "OPS_WEBHOOK_TOKEN": "ops-t0ken-s3cr3t",
        ]
        environment.merge(secrets) { _, new in new }
        environment["DUMPER_PASSED"] = "passed-value"
        // The secrets are in use by other channels.
        try scenario.directory.write(
            "config/notifiers.d/10-slack.toml",
            "type = \"slack\"\nwebhook_url = \"${SLACK_WEBHOOK_URL}\"\ntimeout = \"2s\"\n")
        try scenario.addRecordingChannel("20-ops", extra: "environment = { OPS_TOKEN = \"${OPS_WEBHOOK_TOKEN}\" }")
        try scenario.directory.write(
            "config/notifiers.d/30-named.toml",
            "type = \"dumper\"\nargs = [\"named\"]\npass_environment = [\"DUMPER_PASSED\", \"NEVER_SET\"]\n")
        try scenario.directory.write("config/notifiers.d/40-plain.toml", "type = \"dumper\"\nargs = [\"plain\"]\n")

        try scenario.setProbe(.expired)
        let output = try await Binary.run(["check"], environment: environment)
        #expect(output.exitStatus == 2, "\(output.stderrText)")
        #expect(output.stdoutText.contains("20-ops: delivered"), "\(output.stdoutText)")
        #expect(output.stdoutText.contains("30-named: delivered"), "\(output.stdoutText)")
        #expect(output.stdoutText.contains("40-plain: delivered"), "\(output.stdoutText)")
        #expect(scenario.received("20-ops").count == 1)

        func variables(_ name: String) throws -> [String: String] {
            let text = try String(contentsOfFile: scenario.directory.file("\(name).env"), encoding: .utf8)
            for (variable, secret) in secrets {
                #expect(!text.contains(secret), "\(name) saw the value of \(variable)")
                #expect(!text.contains(variable), "\(name) saw \(variable)")
            }
            var seen: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { seen[parts[0]] = parts[1] }
            }
            return seen
        }
        let named = try variables("named")
        #expect(named["DUMPER_PASSED"] == "passed-value")
        #expect(named["NEVER_SET"] == nil)
        #expect(named["SSO_SELF_HEALING_STATE"] == "expired")
        #expect(named["PATH"] == environment["PATH"])
        let plain = try variables("plain")
        #expect(plain["DUMPER_PASSED"] == nil)
        #expect(plain["SSO_SELF_HEALING_PROBE"] == "vpn")
    }
}
