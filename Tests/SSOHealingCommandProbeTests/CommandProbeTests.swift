import Foundation
import SSOHealingCommandProbe
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct CommandProbeTests {
    @Test func theSchemaHasTheDocumentedKeysAndDefaults() {
        #expect(CommandProbe.kind == "command")
        let schema = CommandProbe.schema
        #expect(schema.keys.map(\.name) == ["command", "timeout", "remedy", "working_directory"])
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

    @Test func theFactoryUsesTheTableAndTheProcessEnvironment() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writePlugin("check_site", in: directory, #"echo "SITE ${SITE} OK in $(pwd -P) | time=$1""#)
        var environment = testEnvironment
        environment["PATH"] = directory.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["SITE"] = "example"
        let probe = try makeProbe(
            [
                "command": .strings(["check_site", "0.1s"]), "remedy": .string("restart the tunnel"),
                "working_directory": .string("/"),
            ], environment: environment)
        let result = await probe.check()
        #expect(result.state == .ok)
        #expect(result.summary == "SITE example OK in /")
        #expect(result.details["perfdata"] == "time=0.1s")
        #expect(result.remedy == nil, "an ok result needs no remedy")
    }
}
