import Foundation
import SSOHealingBuiltIns
import SSOHealingCLI
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The repository's `notifiers.d/`, found from this file's place in `Tests/SSOHealingCLITests/`.
private let examplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("notifiers.d").path

/// One example drop-in of `notifiers.d/`, the variables it needs and the secret values they carry.
struct Example: Sendable, CustomTestStringConvertible {
    var type: String
    var variables: [String: String] = [:]
    var secrets: [String] = []

    var file: String { "\(examplesDirectory)/\(type).toml.example" }
    var testDescription: String { "\(type).toml.example" }

    var text: String {
        get throws { try String(contentsOfFile: file, encoding: .utf8) }
    }
}

let examples = [
    Example(
        type: "webhook",
        variables: [
            "OPS_WEBHOOK_URL": "https://hooks.example.com/services/T0-path-s3cr3t?key=query-s3cr3t",
            "OPS_WEBHOOK_TOKEN": "token-s3cr3t",
        ],
        secrets: ["path-s3cr3t", "query-s3cr3t", "token-s3cr3t", "hooks.example.com"]),
    Example(type: "sendmail", variables: ["OPS_MAIL_TO": "ops@example.com"]),
    Example(type: "notify-send"),
    Example(type: "exec", variables: ["PAGER_TOKEN": "pager-s3cr3t"], secrets: ["pager-s3cr3t"]),
    Example(type: "console"),
    Example(
        type: "alertmanager",
        variables: [
            "ALERTMANAGER_1": "https://am-1.example.com/prefix-s3cr3t",
            "ALERTMANAGER_2": "http://user:pw-s3cr3t@am-2:9093",
        ],
        secrets: ["prefix-s3cr3t", "pw-s3cr3t", "am-1.example.com"]),
    Example(
        type: "pagerduty", variables: ["PAGERDUTY_ROUTING_KEY": "0123456789abcdefR0utingKeyS3cr3t"],
        secrets: ["0123456789abcdefR0utingKeyS3cr3t"]),
    Example(
        type: "teams",
        variables: [
            "TEAMS_WORKFLOW_URL":
                "https://prod-12.westeurope.logic.azure.com:443/workflows/wf-s3cr3t-0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=sig-s3cr3t-0123456789abcdef"
        ],
        secrets: ["wf-s3cr3t-0123456789abcdef", "sig-s3cr3t-0123456789abcdef"]),
    Example(
        type: "apprise", variables: ["APPRISE_URL": "json://ops:apprise-s3cr3t@hooks.example.net/apprise-path"],
        secrets: ["apprise-s3cr3t", "hooks.example.net"]),
]

@Suite struct ExampleDropInTests {
    /// A configuration directory holding `examples` as `NN-TYPE.toml` (mode 0600), and the
    /// environment the binary runs with.
    private func install(_ chosen: [Example]) throws -> (TemporaryDirectory, [String: String]) {
        let directory = try TemporaryDirectory(prefix: "sso-self-healing-examples")
        var environment = ProcessInfo.processInfo.environment
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = directory.file("config")
        environment["SSO_SELF_HEALING_STATE_DIR"] = directory.file("state")
        for (offset, example) in chosen.enumerated() {
            try directory.write("config/notifiers.d/\(10 * (offset + 1))-\(example.type).toml", try example.text)
            environment.merge(example.variables) { _, new in new }
        }
        return (directory, environment)
    }

    @Test(arguments: examples)
    func anExamplePassesConfigCheckWithItsVariablesSet(_ example: Example) async throws {
        let (directory, environment) = try install([example])
        defer { directory.remove() }
        let check = try await Binary.run(["config", "check"], environment: environment)
        #expect(check.exitStatus == 0, "\(check.stderrText)")
        #expect(check.stdoutText.contains("configuration is valid: 0 probes, 1 notifier"), "\(check.stdoutText)")
        #expect(!check.stderrText.contains("error"), "\(check.stderrText)")
    }

    @Test func everyExampleTogetherIsValidAndConfigShowRedactsEverySecret() async throws {
        let (directory, environment) = try install(examples)
        defer { directory.remove() }
        let check = try await Binary.run(["config", "check"], environment: environment)
        #expect(check.exitStatus == 0, "\(check.stderrText)")
        #expect(check.stdoutText.contains("\(examples.count) notifiers"), "\(check.stdoutText)")
        for arguments in [["config", "show"], ["config", "show", "--json"]] {
            let show = try await Binary.run(arguments, environment: environment)
            #expect(show.exitStatus == 0, "\(show.stderrText)")
            let text = show.stdoutText + show.stderrText
            for secret in examples.flatMap(\.secrets) {
                #expect(!text.contains(secret), "\(arguments.joined(separator: " ")) shows \(secret)")
            }
            for type in examples.map(\.type) {
                #expect(text.contains("\(type).toml"), "\(arguments.joined(separator: " ")) lacks \(type)")
            }
            #expect(text.contains("<redacted>"))
        }
    }

    @Test func aMissingVariableIsAnErrorThatNamesItButNoSecret() async throws {
        let (directory, installed) = try install([examples[0]])
        defer { directory.remove() }
        var environment = installed
        environment.removeValue(forKey: "OPS_WEBHOOK_URL")
        let check = try await Binary.run(["config", "check"], environment: environment)
        #expect(check.exitStatus == 78)
        #expect(check.stderrText.contains("environment variable \"OPS_WEBHOOK_URL\" is not set"), "\(check.stderrText)")
        #expect(!check.stderrText.contains("token-s3cr3t"))
    }

    @Test(arguments: examples)
    func anExampleMentionsEveryKeyItsTypeAccepts(_ example: Example) throws {
        let registry = Registry()
        BuiltIns.register(in: registry)
        let factory = try #require(registry.notifierFactory(for: NotifierType(rawValue: example.type)))
        let text = try example.text
        for key in NotifierConfiguration.commonSchema.keys + factory.schema.keys {
            #expect(text.contains("\n\(key.name) =") || text.contains("# \(key.name) ="), "\(key.name)")
        }
        #expect(text.contains("type = \"\(example.type)\""))
    }
}
