import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit

/// The real binary with an aws-sso probe that heals (`heal = "device-code"`), an expired session
/// on the fake, and two recording `exec` channels: `record` (carries login links) and `private`
/// (`carry_login_links = false`).
struct HealingScenario {
    let harness: SessionHarness
    var configDirectory: String { harness.directory.file("config") }

    /// Starts an expired session (ended on the service, access token past) and writes the configuration.
    ///
    /// `otherProfiles` adds profiles on the same session; `probes` replaces the one probe table
    /// (`[probe.prod]` on the first profile); `healthy` keeps the session alive instead.
    init(
        fake: FakeAWS.Configuration = FakeAWS.Configuration(), repeatInterval: String = "4h",
        otherProfiles: [FakeAWSProfile.OtherProfile] = [], probes: String? = nil, healthy: Bool = false
    ) throws {
        harness = try SessionHarness(
            configuration: fake, accessTokenExpiresIn: healthy ? 3600 : -60, otherProfiles: otherProfiles)
        if !healthy { harness.aws.endSession(harness.session) }
        for (name, extra) in [("record", ""), ("private", "carry_login_links = false\n")] {
            let script = try harness.directory.write(
                "\(name).sh",
                """
                #!/bin/sh
                event=$(cat)
                printf '%s\\t%s\\n' "$SSO_SELF_HEALING_STATE" "$event" >> "\(harness.directory.file("\(name).log"))"
                printf '%s\\n' "$SSO_SELF_HEALING_LOGIN_USER_CODE" >> "\(harness.directory.file("\(name).codes"))"
                """, mode: 0o755)
            try harness.directory.write(
                "config/notifiers.d/\(name).toml",
                "type = \"exec\"\ncommand = [\"\(script)\"]\nrepeat_interval = \"\(repeatInterval)\"\n" + extra)
        }
        try harness.directory.write(
            "config/config.toml",
            """
            [daemon]
            interval = "1m"
            jitter = "0"

            """
                + (probes
                    ?? """
                    [probe.prod]
                    type = "aws-sso"
                    profile = "\(harness.setup.profile)"
                    timeout = "5s"
                    failure_threshold = 1
                    heal = "device-code"
                    """))
    }

    /// The binary's environment; `now` pins the engine's clock (the probe keeps the real one).
    func environment(now: Date? = nil) -> [String: String] {
        var environment = harness.environment
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = configDirectory
        environment["SSO_SELF_HEALING_STATE_DIR"] = harness.stateDirectory
        environment.removeValue(forKey: "SSO_SELF_HEALING_TEST_NOW")
        if let now { environment["SSO_SELF_HEALING_TEST_NOW"] = Timestamp.string(now) }
        return environment
    }

    /// Runs the binary with `arguments`; every output is kept for the leak check.
    @discardableResult
    func run(_ arguments: [String], now: Date? = nil) async throws -> ProcessOutput {
        let output = try await ProcessRunner.run(
            [now == nil ? Binary.path : Binary.testbed] + arguments, environment: environment(now: now),
            timeout: .seconds(60))
        let transcript = harness.directory.file("transcript.log")
        if !FileManager.default.fileExists(atPath: transcript) {
            _ = FileManager.default.createFile(atPath: transcript, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: transcript))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((output.stdoutText + output.stderrText).utf8))
        try handle.close()
        return output
    }

    /// The events channel `name` received.
    func received(_ name: String = "record") -> [AlertEvent] {
        guard let text = try? String(contentsOfFile: harness.directory.file("\(name).log"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            guard let json = line.split(separator: "\t", maxSplits: 1).last else { return nil }
            return try? AlertEvent.decoder().decode(AlertEvent.self, from: Data(json.utf8))
        }
    }

    /// `SSO_SELF_HEALING_LOGIN_USER_CODE` as channel `name`'s program saw it, one per delivery.
    func userCodes(_ name: String = "record") -> [String] {
        let text = (try? String(contentsOfFile: harness.directory.file("\(name).codes"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Every text this scenario's programs wrote outside HOME: outputs, channel logs, state files.
    func everythingWritten() -> String {
        var text = ""
        let root = harness.directory.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return text }
        for case let path as String in walker where !path.hasPrefix("home") && !path.hasPrefix("config") {
            if let content = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) { text += content }
        }
        return text
    }
}

extension BackgroundProgram {
    /// Starts the binary with `arguments` (the daemon, or `login`), its output in `logPath`.
    convenience init(_ arguments: [String], environment: [String: String], logPath: String) throws {
        try self.init(executable: Binary.path, arguments: arguments, environment: environment, logPath: logPath)
    }
}
