import Foundation
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingSendmailNotifier
import SSOHealingTestKit
import Testing

/// Loads `toml` as a drop-in and returns every diagnostic, errors and warnings.
func diagnostics(_ toml: String) throws -> [ConfigDiagnostic] {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("notifiers.d/30-mail.toml", toml)
    let kinds = ConfigurationKinds(notifierTypes: [SendmailNotifier.type.rawValue: SendmailNotifier.schema])
    return ConfigurationLoader(directory: directory.path, environment: testEnvironment, kinds: kinds).load()
        .diagnostics
}

@Suite struct SendmailConfigurationTests {
    @Test func recipientsAreRequiredAndValidatedAtTheirKey() throws {
        let missing = try diagnostics("type = \"sendmail\"\n")
        #expect(missing.map(\.message) == ["missing required key \"to\" in drop-in 30-mail.toml"])
        let bad = try diagnostics(
            "type = \"sendmail\"\nto = [\"ops@example.com\", \"not an address\"]\nfrom = \"x@\"\n")
        #expect(bad.map(\.location) == [SourceLocation(line: 2, column: 6), SourceLocation(line: 3, column: 8)])
        #expect(bad[0].message.hasPrefix("in \"to\": \"not an address\" is not a mail address"))
        #expect(bad[1].message.hasPrefix("in \"from\": \"x@\" is not a mail address"))
        let empty = try diagnostics("type = \"sendmail\"\nto = []\n")
        #expect(empty.map(\.message) == ["\"to\" must name at least one recipient"])
    }

    @Test func anUnknownSubjectFieldIsAnErrorAtTheSubjectKey() throws {
        let found = try diagnostics(
            "type = \"sendmail\"\nto = [\"ops@example.com\"]\nsubject = \"{{probe}} {{stat}}\"\n")
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(line: 3, column: 11))
        #expect(found.first?.message.contains("unknown field \"stat\" in {{stat}}; did you mean {{state}}?") == true)
    }

    @Test func aMissingMailerIsAWarningNotAnError() throws {
        let empty = try TemporaryDirectory()
        defer { empty.remove() }
        let named = try diagnostics(
            "type = \"sendmail\"\nto = [\"ops@example.com\"]\ncommand = [\"no-such-mailer-xyz\", \"-t\"]\n")
        #expect(named.map(\.severity) == [.warning])
        #expect(named.first?.message.hasPrefix("program \"no-such-mailer-xyz\" not found on PATH") == true)
        #expect(named.first?.location == SourceLocation(line: 3, column: 11))
        let none = try diagnostics(
            "type = \"sendmail\"\nto = [\"ops@example.com\"]\nenvironment = { PATH = \"\(empty.path)\" }\n")
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/sendmail")
            && !FileManager.default.isExecutableFile(atPath: "/usr/lib/sendmail")
        {
            #expect(none.map(\.severity) == [.warning])
            #expect(none.first?.message.hasPrefix("neither msmtp nor sendmail is installed") == true)
        }
        #expect(try diagnostics("type = \"sendmail\"\nto = [\"ops@example.com\"]\n").isEmpty)
    }

    @Test func theSchemaKeepsTheEnvironmentSecret() {
        #expect(SendmailNotifier.type == "sendmail")
        #expect(SendmailNotifier.schema.key("to")?.isRequired == true)
        #expect(SendmailNotifier.schema.key("environment")?.isSecret == true)
        #expect(SendmailNotifier.schema.key("subject")?.defaultValue == .string(SendmailNotifier.defaultSubject))
    }
}
