import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The custom build's executable: the stock command line, with `type = "ntfy"` known.
@Suite(.serialized) struct CommandLineTests {
    /// `sso-self-healing-ntfy`, next to the test bundle in the build's products directory.
    static let binary: String = {
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((executable as NSString).deletingLastPathComponent + "/sso-self-healing-ntfy")
        }
        candidates.append((Bundle.main.bundlePath as NSString).deletingLastPathComponent + "/sso-self-healing-ntfy")
        candidates.append(Bundle.main.bundlePath + "/sso-self-healing-ntfy")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    @Test func aCheckDeliversThroughTheRegisteredNtfyType() async throws {
        let fake = try FakeNtfy()
        let directory = try TemporaryDirectory(prefix: "ntfy-example")
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.file("config/notifiers.d"), withIntermediateDirectories: true)
        try directory.write(
            "config/config.toml",
            """
            [probe.vpn]
            type = "command"
            command = ["/bin/sh", "-c", "echo vpn is down; exit 2"]
            failure_threshold = 1
            """)
        try directory.write(
            "config/notifiers.d/10-phone.toml",
            "type = \"ntfy\"\nserver = \"\(fake.url)\"\ntopic = \"${NTFY_TOPIC}\"\ntoken = \"${NTFY_TOKEN}\"\n")
        var environment = ProcessInfo.processInfo.environment
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = directory.file("config")
        environment["SSO_SELF_HEALING_STATE_DIR"] = directory.file("state")
        environment["NTFY_TOPIC"] = fake.topic
        environment["NTFY_TOKEN"] = fake.token

        let list = try await ProcessRunner.run(
            [Self.binary, "notifiers", "list"], environment: environment, timeout: .seconds(60))
        #expect(list.exitStatus == 0, "\(list.stderrText)")
        #expect(list.stdoutText.contains("10-phone\ttype=ntfy"))

        let check = try await ProcessRunner.run(
            [Self.binary, "check"], environment: environment, timeout: .seconds(60))
        #expect(check.exitStatus == 2, "\(check.stderrText)")
        #expect(check.stdoutText.contains("10-phone: delivered"), "\(check.stdoutText)")
        #expect(fake.messages.map(\.title) == ["EXPIRED vpn (command)"])
        #expect(fake.messages.first?.message.contains("vpn is down") == true)
    }
}
