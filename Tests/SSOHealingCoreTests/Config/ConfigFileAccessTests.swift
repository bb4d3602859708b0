import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A drop-in that cannot be read is an error naming it, never a channel lost without a word.
@Suite struct ConfigFileAccessTests {
    private let kinds = ConfigurationKinds(notifierTypes: ["console": ConfigSchema(keys: [])])

    private func load(_ directory: TemporaryDirectory) -> ConfigurationLoadResult {
        ConfigurationLoader(directory: directory.path, environment: [:], kinds: kinds).load()
    }

    @Test func aDanglingSymbolicLinkIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("notifiers.d/10-ok.toml", "type = \"console\"\n")
        let link = directory.file("notifiers.d/20-gone.toml")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory.file("nowhere.toml"))
        let result = load(directory)
        #expect(result.configuration == nil)
        #expect(
            result.errors.map(\.description) == [
                "\(link):1:1: drop-in is a symbolic link to a file that does not exist"
            ])
    }

    @Test func aLoopingSymbolicLinkIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.file("notifiers.d"), withIntermediateDirectories: true)
        let link = directory.file("notifiers.d/30-loop.toml")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: link)
        #expect(load(directory).errors.map(\.description) == ["\(link):1:1: drop-in is a symbolic link that loops"])
    }

    @Test func aDirectoryNamedLikeADropInIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = directory.file("notifiers.d/40-dir.toml")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(load(directory).errors.map(\.description) == ["\(folder):1:1: drop-in is a directory, not a file"])
    }

    @Test func notifiersDThatIsARegularFileIsAnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("notifiers.d", "type = \"console\"\n")
        #expect(
            load(directory).errors.map(\.description) == [
                "\(file):1:1: notifiers.d is not a directory: its channels cannot be read"
            ])
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their mode"))
    func anUnreadableDropInAndAnUnreadableNotifiersDAreErrors() throws {
        let directory = try TemporaryDirectory()
        defer {
            chmod(directory.file("notifiers.d"), 0o700)
            directory.remove()
        }
        let file = try directory.write("notifiers.d/10-a.toml", "type = \"console\"\n", mode: 0o000)
        #expect(
            load(directory).errors.map(\.description) == ["\(file):1:1: drop-in cannot be read (Permission denied)"])
        chmod(directory.file("notifiers.d"), 0o000)
        #expect(load(directory).errors.count == 1)
    }

    @Test func aMissingNotifiersDIsNoError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(load(directory).errors.isEmpty)
    }
}
