import Foundation
import SSOHealingCommandProbe
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct CommandProbeTests {
    @Test func theSchemaHasTheDocumentedKeysAndDefaults() {
        #expect(CommandProbe.kind == "command")
        let schema = CommandProbe.schema
        #expect(
            schema.keys.map(\.name) == [
                "command", "timeout", "remedy", "working_directory", "environment", "pass_environment",
            ])
        #expect(schema.key("command")?.isRequired == true)
        #expect(schema.key("command")?.kind == .strings)
        #expect(schema.key("timeout")?.defaultValue == .duration(.seconds(20)))
    }

    @Test func anEmptyCommandIsAnErrorAtTheKey() throws {
        let section = probeConfiguration(["command": .strings([])]).section
        let problems = CommandProbe.schema.validate?(section) ?? []
        #expect(problems.count == 1)
        #expect(problems.first?.file == "config.toml")
        #expect(problems.first?.location == section.locations["command"])
        #expect(problems.first?.message.contains("\"command\" must not be empty") == true)
        #expect(throws: ConfigDiagnostic.self) { try makeProbe(["command": .strings([])]) }
    }

    @Test func anEmptyProgramNameOrAZeroTimeoutIsAnError() {
        let emptyProgram = probeConfiguration(["command": .strings(["", "-v"])]).section
        #expect(CommandProbe.schema.validate?(emptyProgram).count == 1)
        let zeroTimeout = probeConfiguration(["command": .strings(["true"]), "timeout": .duration(.zero)]).section
        let problems = CommandProbe.schema.validate?(zeroTimeout) ?? []
        #expect(problems.map(\.location) == [zeroTimeout.locations["timeout"]!])
    }

    @Test func aValidTableHasNoProblems() {
        let section = probeConfiguration(["command": .strings(["check_ping", "-H", "10.0.0.1"])]).section
        #expect(CommandProbe.schema.validate?(section).isEmpty == true)
    }

    @Test func theFactoryUsesTheTableAndTheVariablesItPasses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writePlugin("check_site", in: directory, #"echo "SITE ${SITE} OK in $(pwd -P) | time=$1""#)
        var environment = testEnvironment
        environment["PATH"] = directory.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["SITE"] = "example"
        let probe = try makeProbe(
            [
                "command": .strings(["check_site", "0.1s"]), "remedy": .string("restart the tunnel"),
                "working_directory": .string("/"), "pass_environment": .strings(["SITE"]),
            ], environment: environment)
        let result = await probe.check()
        #expect(result.state == .ok)
        #expect(result.summary == "SITE example OK in /")
        #expect(result.details["perfdata"] == "time=0.1s")
        #expect(result.remedy == nil, "an ok result needs no remedy")
    }

    @Test func thePluginGetsOnlyTheBaseVariablesWhatItPassesAndItsOwnTable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let dump = directory.file("env.txt")
        try writePlugin("dump_env", in: directory, "env > \"\(dump)\"\necho dumped")
        var environment = testEnvironment
        environment["SLACK_WEBHOOK_URL"] = "https://hooks.example/s3cr3t-slack"
        environment["PROBE_PASSED"] = "passed-value"
        environment["LC_TIME"] = "C"
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = "/etc/sso"
        let probe = try makeProbe(
            [
                "command": .strings([directory.file("dump_env")]),
                "pass_environment": .strings(["PROBE_PASSED", "NOT_SET_ANYWHERE"]),
                "environment": .stringTable([.init(key: "PROBE_TOKEN", value: "own-token")]),
            ], environment: environment)
        let result = await probe.check()
        #expect(result.state == .ok, "\(result.summary)")
        var seen: [String: String] = [:]
        for line in try String(contentsOfFile: dump, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { seen[parts[0]] = parts[1] }
        }
        #expect(seen["PROBE_PASSED"] == "passed-value")
        #expect(seen["PROBE_TOKEN"] == "own-token")
        #expect(seen["PATH"] == environment["PATH"])
        #expect(seen["LC_TIME"] == "C")
        #expect(seen["SSO_SELF_HEALING_CONFIG_DIR"] == "/etc/sso")
        #expect(seen["SLACK_WEBHOOK_URL"] == nil)
        #expect(seen["NOT_SET_ANYWHERE"] == nil)
        let inherited = Set(environment.keys)
        let allowed: Set<String> = [
            "PATH", "HOME", "LANG", "TZ", "USER", "LOGNAME", "PROBE_PASSED", "PROBE_TOKEN",
            // What the shell running the plug-in sets by itself.
            "PWD", "SHLVL", "_", "OLDPWD",
        ]
        for name in seen.keys where inherited.contains(name) {
            #expect(
                allowed.contains(name) || name.hasPrefix("LC_") || name.hasPrefix("SSO_SELF_HEALING_"),
                "the plug-in inherited \(name)")
        }
    }
}
