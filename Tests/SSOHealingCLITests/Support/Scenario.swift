import Foundation
import SSOHealingCore
import SSOHealingTestKit

/// A configuration and state directory with a scripted `command` probe and recording `exec`
/// channels, for tests that drive the real binary.
struct Scenario {
    let directory: TemporaryDirectory
    var configDirectory: String { directory.file("config") }
    var stateDirectory: String { directory.file("state") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "sso-self-healing-cli")
        try FileManager.default.createDirectory(
            atPath: configDirectory + "/notifiers.d", withIntermediateDirectories: true)
    }

    /// The environment the binary runs with (no inherited configuration variables).
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = configDirectory
        environment["SSO_SELF_HEALING_STATE_DIR"] = stateDirectory
        environment.removeValue(forKey: "SSO_SELF_HEALING_TEST_NOW")
        return environment
    }

    /// Sets what the scripted probe reports next: its exit code decides the state.
    func setProbe(_ state: HealthState, named name: String = "vpn") throws {
        let code = ["ok": 0, "degraded": 1, "expired": 2, "unknown": 3][state.rawValue]!
        try directory.write("probe-\(name).state", "\(code)\n")
    }

    /// Writes config.toml with one scripted probe per name.
    func writeConfig(
        probes: [String] = ["vpn"], daemon: String = "interval = \"1s\"\njitter = \"0\"", failureThreshold: Int = 1
    ) throws {
        var text = "[daemon]\n\(daemon)\n"
        for name in probes {
            let script = try directory.write(
                "probe-\(name).sh",
                """
                #!/bin/sh
                code=$(cat "\(directory.file("probe-\(name).state"))" 2>/dev/null || echo 0)
                echo "\(name) scripted state $code | rtt=1ms"
                exit $code
                """, mode: 0o755)
            try setProbe(.ok, named: name)
            text += """

                [probe.\(name)]
                type = "command"
                command = ["\(script)"]
                remedy = "restart \(name)"
                failure_threshold = \(failureThreshold)

                """
        }
        try directory.write("config/config.toml", text)
    }

    /// Adds an exec channel that appends `KEY<TAB>event JSON` to `<name>.log` and exits with the
    /// code in `<name>.exit` (0 when absent), after sleeping `<name>.sleep` seconds (none when absent).
    @discardableResult
    func addRecordingChannel(_ name: String, extra: String = "") throws -> String {
        let log = directory.file("\(name).log")
        let script = try directory.write(
            "channel-\(name).sh",
            """
            #!/bin/sh
            event=$(cat)
            if [ -f "\(directory.file("\(name).sleep"))" ]; then sleep "$(cat "\(directory.file("\(name).sleep"))")"; fi
            code=$(cat "\(directory.file("\(name).exit"))" 2>/dev/null || echo 0)
            if [ "$code" = 0 ]; then
              printf '%s|%s|%s|%s|%s\\t%s\\t%s\\n' "$SSO_SELF_HEALING_FINGERPRINT" "$SSO_SELF_HEALING_EPISODE" "$SSO_SELF_HEALING_TRANSITION" "$SSO_SELF_HEALING_REMINDER" "$(date +%s.%N)" "$event" "$SSO_SELF_HEALING_PROBE" >> "\(log)"
            fi
            exit $code
            """, mode: 0o755)
        try directory.write(
            "config/notifiers.d/\(name).toml", "type = \"exec\"\ncommand = [\"\(script)\"]\n\(extra)\n")
        return log
    }

    /// Sets the exit code a recording channel answers with.
    func setChannelExit(_ name: String, _ code: Int32?) throws {
        if let code {
            try directory.write("\(name).exit", "\(code)\n")
        } else {
            try? FileManager.default.removeItem(atPath: directory.file("\(name).exit"))
        }
    }

    /// Makes a recording channel sleep before answering.
    func setChannelSleep(_ name: String, seconds: Double?) throws {
        if let seconds {
            try directory.write("\(name).sleep", "\(seconds)\n")
        } else {
            try? FileManager.default.removeItem(atPath: directory.file("\(name).sleep"))
        }
    }

    /// What a recording channel received: one (key, time, event) per delivery, in order.
    func received(_ name: String) -> [(key: String, time: Double, event: AlertEvent)] {
        guard let text = try? String(contentsOfFile: directory.file("\(name).log"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 2)
            guard fields.count >= 2 else { return nil }
            let head = fields[0].split(separator: "|")
            guard head.count == 5, let time = Double(head[4]),
                let event = try? AlertEvent.decoder().decode(AlertEvent.self, from: Data(fields[1].utf8))
            else { return nil }
            return (head[0...3].joined(separator: "|"), time, event)
        }
    }

    /// Runs `check` (optionally at a pinned wall-clock time) and returns its output.
    @discardableResult
    func check(_ arguments: [String] = [], at now: Date? = nil) async throws -> ProcessOutput {
        var environment = environment
        guard let now else { return try await Binary.run(["check"] + arguments, environment: environment) }
        // The testbed: the same program with a pinned wall clock, which the product cannot have.
        environment["SSO_SELF_HEALING_TEST_NOW"] = Timestamp.string(now)
        return try await ProcessRunner.run(
            [Binary.testbed, "check"] + arguments, environment: environment, timeout: .seconds(60))
    }

    /// The persisted engine state.
    func state() throws -> EngineState {
        try StateStore(directory: stateDirectory, logger: .init(label: "test")).read()
    }

    func remove() { directory.remove() }
}
