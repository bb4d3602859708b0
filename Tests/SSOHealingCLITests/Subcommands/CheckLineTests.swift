import Foundation
import SSOHealingCore
import Testing

/// `check`'s line says the target's state, then, apart, this run's result and how far it is from
/// the threshold; its exit status is the README's table: 0 ok, 1 degraded, 2 expired, 3 unknown
/// (a target with no state yet answers with this run's result).
@Suite(.serialized) struct CheckLineTests {
    /// The line `check` printed for probe `vpn`.
    static func line(_ output: ProcessOutput) throws -> String {
        try #require(output.stdoutText.split(separator: "\n").first { $0.hasPrefix("vpn: ") }.map(String.init))
    }

    @Test func eachRunSaysTheStateThisRunsResultAndTheDistanceToTheThreshold() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(failureThreshold: 2)
        let steps: [(HealthState, String, Int32)] = [
            (.ok, "vpn: OK - vpn scripted state 0", 0),
            (
                .expired,
                "vpn: OK (this run: EXPIRED, 1 of 2 failures before alerting) - vpn scripted state 2 — remedy: restart vpn",
                0
            ),
            (
                .expired,
                "vpn: EXPIRED (this run: EXPIRED, threshold reached) - vpn scripted state 2 — remedy: restart vpn", 2
            ),
            (.expired, "vpn: EXPIRED - vpn scripted state 2 — remedy: restart vpn", 2),
            (
                .degraded,
                "vpn: EXPIRED (this run: DEGRADED, 1 of 2 failures before alerting) - vpn scripted state 1 — remedy: restart vpn",
                2
            ),
            (
                .degraded,
                "vpn: DEGRADED (this run: DEGRADED, threshold reached) - vpn scripted state 1 — remedy: restart vpn", 1
            ),
            (.ok, "vpn: OK (this run: OK, threshold reached) - vpn scripted state 0", 0),
        ]
        for (number, (state, expected, status)) in steps.enumerated() {
            try scenario.setProbe(state)
            let output = try await scenario.check()
            #expect(try Self.line(output) == expected, "run \(number + 1)")
            #expect(output.exitStatus == status, "run \(number + 1): \(output.stdoutText)")
        }
    }

    @Test func aFirstUnknownExitsThree() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(failureThreshold: 2)
        try scenario.setProbe(.unknown)
        let output = try await scenario.check()
        #expect(output.exitStatus == 3, "\(output.stdoutText)")
        #expect(
            try Self.line(output)
                == "vpn: UNKNOWN (this run: UNKNOWN, 1 of 2 failures before alerting) - vpn scripted state 3 — remedy: restart vpn"
        )
    }

    @Test(arguments: [(HealthState.degraded, Int32(1)), (.expired, 2), (.unknown, 3), (.ok, 0)])
    func aFirstRunBelowTheThresholdExitsWithItsResult(state: HealthState, status: Int32) async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(failureThreshold: 2)
        try scenario.setProbe(state)
        #expect(try await scenario.check().exitStatus == status)
    }

    @Test func theRunThatCrossesAThresholdOfOneSaysSo() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(failureThreshold: 1)
        try scenario.setProbe(.expired)
        let output = try await scenario.check()
        #expect(output.exitStatus == 2)
        #expect(
            try Self.line(output)
                == "vpn: EXPIRED (this run: EXPIRED, threshold reached) - vpn scripted state 2 — remedy: restart vpn")
        #expect(!output.stdoutText.contains("below the threshold"))
    }
}
