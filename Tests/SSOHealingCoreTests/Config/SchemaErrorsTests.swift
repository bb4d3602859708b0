import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// One run shows every error of a table, and durations that make no sense at zero are refused.
@Suite struct SchemaErrorsTests {
    private let kinds = ConfigurationKinds(
        probeKinds: ["command": ConfigSchema(keys: [ConfigKey("command", .strings, required: true)])],
        notifierTypes: [
            "strict": ConfigSchema(
                keys: [
                    ConfigKey("count", .integer(0...100)), ConfigKey("mode", .string),
                    ConfigKey("args", .strings), ConfigKey("headers", .stringTable),
                ],
                validate: { section in
                    section.string("mode") == "bad" ? [section.error("\"mode\" must not be bad", key: "mode")] : []
                })
        ])

    private func load(_ directory: TemporaryDirectory) -> ConfigurationLoadResult {
        ConfigurationLoader(directory: directory.path, environment: [:], kinds: kinds).load()
    }

    @Test func aTypeErrorDoesNotHideTheTablesOtherErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "notifiers.d/10-a.toml",
            """
            type = "strict"
            count = "x"
            mode = "bad"
            args = [1, "ok", true]
            headers = { A = 1, B = false }
            timeout = "0"

            """)
        #expect(
            load(directory).errors.map(\.description) == [
                "\(file):2:9: \"count\" must be an integer, not a string",
                "\(file):3:8: \"mode\" must not be bad",
                "\(file):4:9: \"args\" must be an array of strings; this element is an integer",
                "\(file):4:18: \"args\" must be an array of strings; this element is a boolean",
                "\(file):5:17: \"headers.A\" must be a string, not an integer",
                "\(file):5:24: \"headers.B\" must be a string, not a boolean",
                "\(file):6:11: \"timeout\" must be longer than 0, not \"0\"",
            ])
    }

    @Test func zeroDurationsThatMakeNoSenseAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let main = try directory.write("config.toml", "[daemon]\noutbox_max_age = \"0\"\njitter = \"0\"\n")
        let dropIn = try directory.write("notifiers.d/10-a.toml", "type = \"strict\"\ntimeout = \"0ms\"\n")
        #expect(
            load(directory).errors.map(\.description) == [
                "\(main):2:18: \"outbox_max_age\" must be longer than 0, not \"0\"",
                "\(dropIn):2:11: \"timeout\" must be longer than 0, not \"0ms\"",
            ])
    }

    @Test func zeroStillMeansNeverWhereItMeansSomething() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("notifiers.d/10-a.toml", "type = \"strict\"\nrepeat_interval = \"0\"\n")
        #expect(load(directory).errors.isEmpty)
    }
}
