import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct AtomicFileTests {
    /// `config init` writes this way: a file that exists, even one that appeared a moment ago,
    /// is never replaced, and no temporary file is left behind.
    @Test func aWriteThatMustNotReplaceLeavesAnExistingFileAsItIs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("config.toml", "mine\n")
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write(Data("starter\n".utf8), to: path, replacing: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["config.toml"])
    }

    @Test func aWriteThatMustNotReplaceCreatesANewFileWithItsMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("new.toml")
        try AtomicFile.write(Data("starter\n".utf8), to: path, mode: 0o600, replacing: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "starter\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["new.toml"])
    }
}
