import Foundation
import SSOHealingCore
import Testing

@Suite(.serialized) struct CheckCommandTests {
    @Test func eachTransitionIsDeliveredExactlyOnceAndRepeatedChecksSendNothingNew() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(failureThreshold: 2)
        try scenario.addRecordingChannel("ops")

        var output = try await scenario.check()
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(output.stdoutText.contains("vpn: OK - vpn scripted state 0"))

        try scenario.setProbe(.expired)
        output = try await scenario.check()
        #expect(output.exitStatus == 0)  // below the failure threshold: still ok
        output = try await scenario.check()
        #expect(output.exitStatus == 2)
        for _ in 0..<10 {
            output = try await scenario.check()
            #expect(output.exitStatus == 2)
        }
        try scenario.setProbe(.degraded)
        try await scenario.check()
        try await scenario.check()
        try scenario.setProbe(.ok)
        for _ in 0..<10 { try await scenario.check() }

        let received = scenario.received("ops")
        #expect(received.map(\.key) == ["command:vpn|1|0|0", "command:vpn|1|1|0", "command:vpn|1|2|0"])
        #expect(received.map(\.event.state) == [.expired, .degraded, .ok])
        let expired = try #require(received.first?.event)
        #expect(expired.previous == .ok && expired.severity == .critical && expired.remedy == "restart vpn")
        #expect(expired.summary == "vpn scripted state 2")
        #expect(received.last?.event.resolved == true)
        #expect(try scenario.state().outbox.isEmpty)
    }

    @Test func checkExitCodesFollowTheNagiosConvention() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(probes: ["a", "b"])
        #expect(try await scenario.check().exitStatus == 0)
        try scenario.setProbe(.degraded, named: "b")
        #expect(try await scenario.check().exitStatus == 1)
        try scenario.setProbe(.expired, named: "a")
        #expect(try await scenario.check().exitStatus == 2)
        #expect(try await scenario.check(["--probe", "b"]).exitStatus == 1)
        let json = try await scenario.check(["--json"])
        let parsed = try #require(JSONValue.parse(json.stdoutText))
        #expect(parsed["probes"]?.arrayValue?.count == 2)
        #expect(try await scenario.check(["--probe", "nope"]).exitStatus == 3)
    }

    @Test func aChannelDownForTenMinutesGetsEveryEventAfterwardsInOrder() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("flaky")
        try scenario.addRecordingChannel("steady")
        try scenario.setChannelExit("flaky", 75)
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        let states: [HealthState] = [.ok, .degraded, .expired, .ok, .expired, .degraded, .ok]
        // Ten minutes of pinned wall-clock time, a check every 10 s; the probe changes state every 100 s.
        for step in 0...60 {
            try scenario.setProbe(states[min(step / 10, states.count - 1)])
            try await scenario.check(at: start.addingTimeInterval(Double(step) * 10))
        }
        #expect(scenario.received("flaky").isEmpty)
        let pending = try scenario.state().outbox.filter { $0.channel == "flaky" }
        #expect(pending.count == 6)
        #expect(pending[0].attempts > 5)

        try scenario.setChannelExit("flaky", nil)
        var now = start.addingTimeInterval(610)
        for _ in 0..<20 where try scenario.state().outbox.contains(where: { $0.channel == "flaky" }) {
            now = now.addingTimeInterval(60)
            try await scenario.check(at: now)
        }
        let flaky = scenario.received("flaky").map(\.key)
        let steady = scenario.received("steady").map(\.key)
        #expect(steady.count == 6)
        #expect(flaky == steady)
    }
}

@Suite struct TransitionDeliveryTests {
    /// expired → degraded → expired in one episode: three alerts, and the reminders go on for the
    /// latest change (the 2-1-2 exit sequence across three `check` runs).
    @Test func anExpiredDegradedExpiredEpisodeDeliversThreeAlertsAndRemindersContinue() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops", extra: "repeat_interval = \"1h\"")
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        for (minute, state) in [(0, HealthState.expired), (1, .degraded), (2, .expired)] {
            try scenario.setProbe(state)
            let output = try await scenario.check(at: start.addingTimeInterval(Double(minute) * 60))
            #expect(output.exitStatus == (state == .expired ? 2 : 1), "\(output.stderrText)")
        }
        var received = scenario.received("ops")
        #expect(received.map(\.key) == ["command:vpn|1|0|0", "command:vpn|1|1|0", "command:vpn|1|2|0"])
        #expect(received.map(\.event.state) == [.expired, .degraded, .expired])
        #expect(received.map(\.event.previous) == [.unknown, .expired, .degraded])
        #expect(received.map(\.event.transition) == [0, 1, 2])

        // An hour after the last change: its first reminder, in the state the target is in.
        try await scenario.check(at: start.addingTimeInterval(120 + 3600))
        received = scenario.received("ops")
        #expect(received.map(\.key).last == "command:vpn|1|2|1")
        #expect(received.last?.event.state == .expired && received.last?.event.reminder == 1)
        #expect(received.last?.event.since == start.addingTimeInterval(120))
        #expect(received.count == 4)
    }
}
