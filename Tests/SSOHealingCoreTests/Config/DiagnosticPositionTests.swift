import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// Errors point at the byte or character at fault, and are always one line.
@Suite struct DiagnosticPositionTests {
    private let kinds = ConfigurationKinds(notifierTypes: ["console": ConfigSchema(keys: [])])

    @Test func anInvalidUTF8ByteIsReportedWhereItIs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("config.toml")
        // Line 2: `name = "ab` is ten characters, so the bad byte is column 11.
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data("[daemon]\nname = \"ab".utf8) + Data([0xFF]) + Data("\"\n".utf8)))
        let result = ConfigurationLoader(directory: directory.path, environment: [:], kinds: kinds).load()
        #expect(result.errors.map(\.description) == ["\(path):2:11: file is not valid UTF-8"])
    }

    @Test func aLineBreakInAQuotedNameStaysOnOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("notifiers.d/10-a.toml", "type = \"console\"\n\"bad\\nkey\\u001B\" = 1\n")
        let result = ConfigurationLoader(directory: directory.path, environment: [:], kinds: kinds).load()
        let descriptions = result.errors.map(\.description)
        #expect(descriptions == ["\(path):2:1: unknown key \"bad\\nkey\\u001B\" in drop-in 10-a.toml"])
        #expect(!descriptions.joined().contains("\n"))
    }
}
