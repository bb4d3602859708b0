import Foundation
import SSOHealingCore
import SSOHealingTestKit

/// The built `sso-self-healing` executable, run as a user would run it.
enum Binary {
    /// The executable's path, next to the test bundle in the build's products directory.
    static let path = BuiltExecutable.path()
    /// The same program with a wall clock pinned by `SSO_SELF_HEALING_TEST_NOW` (tests only).
    static let testbed = BuiltExecutable.path("sso-self-healing-testbed")
}

/// A configuration directory with one aws-sso probe against a ``SessionHarness``'s fake and a
/// recording `exec` channel, driven through the real binary.
struct BinaryScenario {
    let harness: SessionHarness
    var configDirectory: String { harness.directory.file("config") }
    var channelLog: String { harness.directory.file("channel.log") }

    /// Writes `config.toml` with probe `prod` (`table` adds keys) and the channel.
    init(harness: SessionHarness, table: String = "") throws {
        self.harness = harness
        let channel = try harness.directory.write(
            "channel.sh",
            """
            #!/bin/sh
            event=$(cat)
            printf '%s\\t%s\\n' "$SSO_SELF_HEALING_STATE" "$event" >> "\(harness.directory.file("channel.log"))"
            """, mode: 0o755)
        try harness.directory.write(
            "config/notifiers.d/10-record.toml", "type = \"exec\"\ncommand = [\"\(channel)\"]\n")
        try harness.directory.write(
            "config/config.toml",
            """
            [daemon]
            interval = "1m"
            jitter = "0"

            [probe.prod]
            type = "aws-sso"
            profile = "\(harness.setup.profile)"
            timeout = "5s"
            failure_threshold = 2
            \(table)
            """)
    }

    /// The binary's environment: the harness's AWS setup and this scenario's directories.
    var environment: [String: String] {
        var environment = harness.environment
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = configDirectory
        environment["SSO_SELF_HEALING_STATE_DIR"] = harness.stateDirectory
        environment.removeValue(forKey: "SSO_SELF_HEALING_TEST_NOW")
        return environment
    }

    /// Runs the binary (the debug build's unless `binary` names another) with `arguments`.
    @discardableResult
    func run(_ arguments: [String], binary: String = Binary.path) async throws -> ProcessOutput {
        try await ProcessRunner.run([binary] + arguments, environment: environment, timeout: .seconds(60))
    }

    /// The events the channel received: (state, event).
    func received() -> [(state: String, event: AlertEvent)] {
        guard let text = try? String(contentsOfFile: channelLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2,
                let event = try? AlertEvent.decoder().decode(AlertEvent.self, from: Data(fields[1].utf8))
            else { return nil }
            return (String(fields[0]), event)
        }
    }
}
