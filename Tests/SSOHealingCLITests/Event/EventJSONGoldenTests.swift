import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The event JSON as channels receive it (what `exec` gets on stdin), held against golden files
/// in `Tests/Golden/` key by key: every documented key and nothing else, `id` stable across the
/// retries of one delivery, `since` on reminders only. `<id>` and `<host>` in a golden file stand
/// for a lower-case UUID and this machine's host name.
@Suite(.serialized) struct EventJSONGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden").path
    static let start = Date(timeIntervalSince1970: 1_900_000_000)  // 2030-03-17T17:46:40Z

    /// An exec channel that records every attempt's stdin, one line each, and answers with the
    /// exit code in `golden.exit` (0 when absent).
    private func addAttemptRecorder(_ scenario: Scenario) throws {
        let script = try scenario.directory.write(
            "channel-golden.sh",
            """
            #!/bin/sh
            event=$(cat)
            printf '%s\\n' "$event" >> "\(scenario.directory.file("golden.attempts"))"
            exit $(cat "\(scenario.directory.file("golden.exit"))" 2>/dev/null || echo 0)
            """, mode: 0o755)
        try scenario.directory.write(
            "config/notifiers.d/golden.toml",
            "type = \"exec\"\ncommand = [\"\(script)\"]\nrepeat_interval = \"1h\"\nsend_resolved = true\n")
    }

    private func attempts(_ scenario: Scenario) throws -> [String] {
        try String(contentsOfFile: scenario.directory.file("golden.attempts"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    private static func hostName() -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Compares `actual` (one event's JSON) with the golden file `name`, key by key.
    private func expectMatches(_ actual: String, golden name: String) throws {
        do {
            try expectMatches(try DocumentedEvent.decode(actual), golden: name)
        } catch let mismatch as DocumentedEvent.Mismatch {
            Issue.record("the delivered event is not the documented JSON (\(mismatch)): \(actual)")
        }
    }

    private func expectMatches(_ event: DocumentedEvent, golden name: String) throws {
        let path = Self.goldenDirectory + "/" + name
        let golden = try DocumentedEvent.decode(try String(contentsOfFile: path, encoding: .utf8))
        #expect(event.keys == golden.keys, "\(name): keys")
        let expected = golden.fields
        for (key, value) in event.fields.sorted(by: { $0.key < $1.key }) {
            switch expected[key] {
            case "<id>": #expect(DocumentedEvent.isLowercaseUUID(value), "\(name): id \(value)")
            case "<host>": #expect(value == Self.hostName(), "\(name): host")
            case let expectedValue: #expect(value == expectedValue, "\(name): \(key)")
            }
        }
    }

    @Test func theDeliveredEventJSONHasExactlyTheDocumentedKeysAndValues() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try addAttemptRecorder(scenario)
        let at = { (seconds: Double) in Self.start.addingTimeInterval(seconds) }
        try await scenario.check(at: at(0))

        // The transition: the first attempt is answered "try again later", the next one delivers.
        try scenario.setProbe(.expired)
        try scenario.directory.write("golden.exit", "75\n")
        #expect(try await scenario.check(at: at(10)).exitStatus == 2)
        try scenario.directory.write("golden.exit", "0\n")
        try await scenario.check(at: at(20))
        // A reminder an hour (the channel's repeat_interval) after the change.
        try await scenario.check(at: at(10 + 3600))
        // The return to ok.
        try scenario.setProbe(.ok)
        #expect(try await scenario.check(at: at(20 + 3600)).exitStatus == 0)

        let lines = try attempts(scenario)
        try #require(lines.count == 4, "\(lines)")
        try expectMatches(lines[0], golden: "event-transition.json")
        try expectMatches(lines[1], golden: "event-transition.json")
        try expectMatches(lines[2], golden: "event-reminder.json")
        try expectMatches(lines[3], golden: "event-resolved.json")

        let ids = try lines.map { try DocumentedEvent.decode($0).id }
        #expect(ids[0] == ids[1], "a retry keeps the event's id")
        #expect(Set([ids[1], ids[2], ids[3]]).count == 3, "each delivery group has its own id")
    }

    /// `status --json` shows the last event in the same documented form.
    @Test func statusJSONShowsTheLastEventInTheDocumentedForm() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try addAttemptRecorder(scenario)
        try await scenario.check(at: Self.start)
        try scenario.setProbe(.expired)
        try await scenario.check(at: Self.start.addingTimeInterval(10))
        let status = try await Binary.run(["status", "--json"], environment: scenario.environment)
        let document = try JSONDecoder().decode(StatusDocument.self, from: Data(status.stdoutText.utf8))
        let lastEvent = try #require(document.targets.first?.last_event, "\(status.stdoutText)")
        try expectMatches(lastEvent, golden: "event-transition.json")
        #expect(lastEvent.id == (try DocumentedEvent.decode(try attempts(scenario)[0]).id))
    }
}

/// The part of `status --json` these tests read.
private struct StatusDocument: Decodable {
    struct Target: Decodable {
        // The documented key, as it appears in the JSON.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let last_event: DocumentedEvent?
    }
    let targets: [Target]
}
