import Foundation
import SSOHealingCore
import Testing

/// An `exec` channel that holds each delivery until the test lets it go: it marks the start of
/// every attempt in `<name>.started`, then blocks reading the FIFO `<name>.fifo`, and only then
/// records the event in `<name>.delivered` and answers delivered.
///
/// Tests order on these events (started, released, delivered), never on how long anything took.
struct BlockingChannel {
    let name: String
    let scenario: Scenario

    /// Adds the channel to the scenario's `notifiers.d/` (its `timeout` long enough never to matter).
    init(_ name: String, in scenario: Scenario) throws {
        self.name = name
        self.scenario = scenario
        let directory = scenario.directory
        guard mkfifo(directory.file("\(name).fifo"), 0o600) == 0 else {
            throw ScenarioError("mkfifo failed: \(String(cString: strerror(errno)))")
        }
        let script = try directory.write(
            "channel-\(name).sh",
            """
            #!/bin/sh
            event=$(cat)
            echo started >> "\(directory.file("\(name).started"))"
            read go < "\(directory.file("\(name).fifo"))"
            printf '%s\\n' "$event" >> "\(directory.file("\(name).delivered"))"
            exit 0
            """, mode: 0o755)
        try directory.write(
            "config/notifiers.d/\(name).toml", "type = \"exec\"\ncommand = [\"\(script)\"]\ntimeout = \"1h\"\n")
    }

    /// How many deliveries have started.
    var started: Int { lines("started").count }

    /// The events delivered so far, as the channel received them.
    var delivered: [AlertEvent] {
        lines("delivered").compactMap { try? AlertEvent.decoder().decode(AlertEvent.self, from: Data($0.utf8)) }
    }

    /// Lets one blocked delivery finish (waits for its reader if it has not opened the FIFO yet).
    func release() async throws {
        let output = try await ProcessRunner.run(
            ["/bin/sh", "-c", "echo go > \"$1\"", "release", scenario.directory.file("\(name).fifo")],
            environment: [:], timeout: .seconds(120))
        guard output.exitStatus == 0 else { throw ScenarioError("could not release \(name): \(output.stderrText)") }
    }

    private func lines(_ suffix: String) -> [String] {
        let text = (try? String(contentsOfFile: scenario.directory.file("\(name).\(suffix)"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }
}

/// Waits until `condition` holds, polling every 20 ms; the time limit only turns a hang into a
/// failure that says what never happened (it measures nothing).
func waitUntil(
    _ what: String, limit: Duration = .seconds(120), context: @autoclosure () -> String = "",
    _ condition: () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw ScenarioError("never happened: \(what)\n\(context())") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
