import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

/// An `sso_session`, `profile` or listed profile that the AWS config does not have is a
/// `config check` error at its key in `config.toml`, naming the AWS config file; `check` keeps
/// the probe and reports the target degraded with the same reason.
@Suite(.serialized) struct ConfigCheckAuditTests {
    static func configure(_ scenario: BinaryScenario, _ table: String) throws {
        _ = try scenario.harness.directory.write(
            "config/config.toml",
            "[daemon]\ninterval = \"1m\"\n\n[probe.corp]\ntype = \"aws-sso\"\ntimeout = \"5s\"\n" + table)
    }

    @Test(arguments: [
        ("profile = \"nosuch\"\n", "profile", "profile \"nosuch\" is not in the AWS config"),
        ("sso_session = \"nosuch\"\n", "sso_session", "sso-session \"nosuch\" is not in the AWS config"),
        (
            "sso_session = \"fake-session\"\nprofiles = [\"fake\", \"nosuch\"]\n", "profiles",
            "profile \"nosuch\" is not in the AWS config"
        ),
    ])
    func aNameTheAWSConfigLacksIsAConfigCheckError(table: String, key: String, message: String) async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)
        try Self.configure(scenario, table)
        let configFile = scenario.configDirectory + "/config.toml"
        let line =
            try #require(
                String(contentsOfFile: configFile, encoding: .utf8).split(
                    separator: "\n", omittingEmptySubsequences: false
                )
                .firstIndex { $0.hasPrefix(key + " =") }) + 1
        let column = key.count + 4  // the value's column, after `key = `

        let output = try await scenario.run(["config", "check"])
        #expect(output.exitStatus == 78, "\(output.stdoutText)\(output.stderrText)")
        #expect(
            output.stderrText.contains("\(configFile):\(line):\(column): \(message) \(harness.setup.configPath)"),
            "\(output.stderrText)")

        let check = try await scenario.run(["check"])
        #expect(check.exitStatus == 1, "a degraded target, and the program goes on: \(check.stdoutText)")
        #expect(check.stdoutText.contains("nosuch"), "\(check.stdoutText)")
        #expect(check.stdoutText.contains("— remedy: "), "\(check.stdoutText)")
    }

    @Test func namesTheAWSConfigHasPassConfigCheck() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)
        try Self.configure(scenario, "sso_session = \"fake-session\"\nprofiles = [\"fake\"]\n")
        let output = try await scenario.run(["config", "check"])
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
    }
}
