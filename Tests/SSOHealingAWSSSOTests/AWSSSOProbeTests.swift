import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSSSO

/// The `[probe.NAME]` table of kind `aws-sso`.
@Suite struct AWSSSOProbeTests {
    func load(_ table: String) throws -> ConfigurationLoadResult {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config.toml", "[probe.prod]\ntype = \"aws-sso\"\n" + table)
        let registry = Registry()
        registry.register(probe: AWSSSOProbe.kind, AWSSSOProbe.factory)
        return ConfigurationLoader(directory: directory.path, environment: [:], kinds: registry.kinds).load()
    }

    @Test func theTableHasTheDocumentedKeysAndDefaults() throws {
        #expect(AWSSSOProbe.kind == "aws-sso")
        #expect(
            AWSSSOProbe.schema.keys.map(\.name) == [
                "sso_session", "profiles", "profile", "mode", "warn_before", "session_lifetime", "refresh_window",
                "role_check_interval", "aws_cli", "timeout", "heal",
            ])
        let result = try load("")
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        let section = try #require(result.configuration?.probe(named: "prod")?.section)
        let settings = AWSSSOProbe.settings(from: section)
        #expect(settings == AWSSSOProbe.Settings())
        #expect(settings.mode == .native && settings.warnBefore == nil)
        #expect(settings.sessionLifetime == .seconds(8 * 3600) && settings.refreshWindow == .seconds(15 * 60))
        #expect(settings.awsCLI == "aws" && settings.timeout == .seconds(60))
        #expect(settings.roleCheckInterval == .seconds(3600))
    }

    @Test func readsEveryKey() throws {
        let result = try load(
            """
            profile = "prod"
            mode = "cli"
            warn_before = "3d"
            session_lifetime = "90d"
            refresh_window = "20m"
            aws_cli = "/opt/aws/bin/aws"
            timeout = "30s"
            role_check_interval = "6h"
            failure_threshold = 3
            """)
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        let section = try #require(result.configuration?.probe(named: "prod")?.section)
        #expect(
            AWSSSOProbe.settings(from: section)
                == AWSSSOProbe.Settings(
                    profile: "prod", mode: .cli, warnBefore: .seconds(3 * 86_400),
                    sessionLifetime: .seconds(90 * 86_400),
                    refreshWindow: .seconds(20 * 60), awsCLI: "/opt/aws/bin/aws", timeout: .seconds(30),
                    roleCheckInterval: .seconds(6 * 3600)))
    }

    @Test func healTakesDeviceCodeOnly() throws {
        let result = try load("heal = \"device-code\"\n")
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        let section = try #require(result.configuration?.probe(named: "prod")?.section)
        #expect(AWSSSOProbe.settings(from: section).heal == .deviceCode)
        #expect(AWSSSOProbe.settings(from: section) == AWSSSOProbe.Settings(heal: .deviceCode))
        let browser = try load("heal = \"browser\"\n")
        #expect(browser.errors.contains { $0.message.contains("heal") }, "\(browser.diagnostics)")
    }

    @Test(arguments: [
        ("mode = \"browser\"\n", "mode"), ("session_lifetime = \"0\"\n", "session_lifetime"),
        ("timeout = \"0\"\n", "timeout"), ("profile = \"\"\n", "profile"), ("aws_cli = \"\"\n", "aws_cli"),
    ])
    func rejectsValuesThatCannotWork(table: String, key: String) throws {
        let result = try load(table)
        #expect(result.errors.contains { $0.message.contains(key) }, "\(result.diagnostics)")
    }

    @Test func warnsWhenEverySessionWouldBeEndingSoon() throws {
        let result = try load("warn_before = \"7d\"\n")
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings.contains {
                $0.message.contains("\"warn_before\" (1w) is not shorter than \"session_lifetime\" (8h)")
            })
    }

    @Test func theFactoryBuildsAProbeWithTheTablesSettingsEnvironmentAndStateDirectory() throws {
        let result = try load("profile = \"prod\"\nmode = \"cli\"\nwarn_before = \"1h\"\n")
        let configuration = try #require(result.configuration?.probe(named: "prod"))
        let environment = ["HOME": "/home/probe-test", "AWS_CONFIG_FILE": "/etc/aws-test/config"]
        let context = ProbeContext(
            configuration: configuration, logger: .init(label: "test"), environment: environment,
            stateDirectory: "/var/lib/probe-test")
        let probe = try #require(try AWSSSOProbe.factory.make(context) as? AWSSSOProbe)
        #expect(probe.settings == AWSSSOProbe.Settings(profile: "prod", mode: .cli, warnBefore: .seconds(3600)))
        #expect(probe.environment == environment)
        #expect(probe.stateDirectory == "/var/lib/probe-test")
    }

    @Test func theFactoryRefusesATableThatCannotWork() throws {
        let result = try load("profile = \"prod\"\n")
        var configuration = try #require(result.configuration?.probe(named: "prod"))
        configuration.section.values["profile"] = .string("")
        let context = ProbeContext(
            configuration: configuration, logger: .init(label: "test"), environment: [:], stateDirectory: "/tmp")
        #expect(throws: (any Error).self) { try AWSSSOProbe.factory.make(context) }
    }
}
