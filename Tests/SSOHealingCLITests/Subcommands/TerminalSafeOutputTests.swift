import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A probe's output reaches `check` and `status` escaped: it cannot overwrite a line or steer
/// the terminal, in text or in JSON.
@Suite(.serialized) struct TerminalSafeOutputTests {
    /// What the plug-in prints (after a word, which a leading carriage return would be trimmed
    /// with): a carriage return that would overwrite "EXPIRED" with a fake OK,
    /// an OSC that retitles the window, BEL, NUL, a C1 CSI and an invalid UTF-8 byte.
    static let hostileLine: [UInt8] =
        Array("gone\rp1: OK - all fine\u{1B}]0;owned\u{07} nul\u{0} csi\u{9B}31m bad".utf8) + [0xFF] + [0x0A]

    /// Bytes a terminal acts on: C0 controls other than the line break, DEL, the UTF-8 form of C1 controls.
    static func controlBytes(in bytes: [UInt8]) -> [UInt8] {
        var found: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { found.append(byte) }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                found.append(bytes[index + 1])
            }
            if byte == 0xFF { found.append(byte) }
        }
        return found
    }

    func makeScenario() throws -> Scenario {
        let scenario = try Scenario()
        let output = scenario.directory.file("hostile-output")
        #expect(FileManager.default.createFile(atPath: output, contents: Data(Self.hostileLine)))
        let script = try scenario.directory.write(
            "hostile.sh", "#!/bin/sh\ncat \"\(output)\"\nexit 2\n", mode: 0o755)
        try scenario.directory.write(
            "config/config.toml",
            """
            [probe.p1]
            type = "command"
            command = ["\(script)"]
            failure_threshold = 1

            """)
        return scenario
    }

    @Test func checkShowsAHostileSummaryEscapedAndStillExpired() async throws {
        let scenario = try makeScenario()
        defer { scenario.remove() }
        let output = try await scenario.check()
        #expect(output.exitStatus == 2)
        #expect(Self.controlBytes(in: output.stdout).isEmpty, "\(output.stdoutText)")
        #expect(Self.controlBytes(in: output.stderr).isEmpty, "\(output.stderrText)")
        #expect(
            output.stdoutText.hasPrefix(
                #"p1: EXPIRED (this run: EXPIRED, threshold reached) - gone\rp1: OK - all fine\u001B]0;owned\u0007 nul\u0000 csi\u009B31m bad"#
            ))
        #expect(output.stdoutText.contains("bad\u{FFFD}"))
    }

    @Test func checkJSONEscapesTheSameSummary() async throws {
        let scenario = try makeScenario()
        defer { scenario.remove() }
        let output = try await scenario.check(["--json"])
        #expect(output.exitStatus == 2)
        #expect(Self.controlBytes(in: output.stdout).isEmpty, "\(output.stdoutText)")
        #expect(output.stdoutText.contains(#"\rp1: OK - all fine\u001B]0;owned\u0007 nul\u0000 csi\u009B31m bad"#))
        let parsed = try #require(JSONValue.parse(output.stdoutText))
        let summary = parsed["probes"]?.arrayValue?.first?["summary"]?.stringValue
        #expect(summary == "gone\rp1: OK - all fine\u{1B}]0;owned\u{07} nul\u{0} csi\u{9B}31m bad\u{FFFD}")
    }

    @Test func statusAndStatusJSONShowTheStoredSummaryEscaped() async throws {
        let scenario = try makeScenario()
        defer { scenario.remove() }
        _ = try await scenario.check()
        let text = try await Binary.run(["status"], environment: scenario.environment)
        #expect(text.exitStatus == 2)
        #expect(Self.controlBytes(in: text.stdout).isEmpty, "\(text.stdoutText)")
        #expect(text.stdoutText.contains(#"expired - gone\rp1: OK - all fine\u001B]0;owned\u0007"#))
        let json = try await Binary.run(["status", "--json"], environment: scenario.environment)
        #expect(json.exitStatus == 2)
        #expect(Self.controlBytes(in: json.stdout).isEmpty, "\(json.stdoutText)")
        #expect(json.stdoutText.contains(#"\rp1: OK - all fine\u001B]0;owned\u0007"#))
    }
}
