import Foundation
import Logging
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The state directory is one nobody else can steer, and nothing in it is opened through a
/// symbolic link.
@Suite struct PrivateDirectoryTests {
    func mode(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o7777
    }

    func store(_ directory: String) -> StateStore {
        StateStore(directory: directory, logger: Logger(label: "test"))
    }

    @Test func aFreshStateDirectoryAndItsMissingParentsAreMade0700() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("a/b/state")
        try store(directory).update { $0.ledger[.named("k")] = Date(timeIntervalSince1970: 0) }
        #expect(mode(directory) == 0o700)
        #expect(mode(folder.file("a")) == 0o700)
    }

    @Test func aGroupWritableStateDirectoryIsRefusedAndLeftAsItIs() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("state")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        for unsafe in [0o770, 0o707, 0o777] {
            chmod(directory, mode_t(unsafe))
            for attempt in ["update", "read", "lock"] {
                do {
                    switch attempt {
                    case "update":
                        try store(directory).update { $0.ledger[.named("k")] = Date(timeIntervalSince1970: 0) }
                    case "read": _ = try store(directory).read()
                    default: try AtomicFile.makePrivateDirectory(directory)
                    }
                    Issue.record("\(attempt) used a directory of mode \(String(unsafe, radix: 8))")
                } catch {
                    #expect("\(error)".contains(directory), "\(error)")
                    #expect("\(error)".contains("group or others can write"), "\(error)")
                }
            }
            #expect(mode(directory) == unsafe)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }

    @Test(.enabled(if: geteuid() == 0, "only root can give a directory to another user"))
    func aStateDirectoryOfAnotherUserIsRefused() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("state")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        chmod(directory, 0o700)
        try #require(chown(directory, 65534, 65534) == 0)
        #expect(throws: (any Error).self) { try store(directory).update { _ in } }
        do {
            _ = try store(directory).read()
            Issue.record("read a directory of another user")
        } catch {
            #expect(error.description.contains("belongs to user 65534"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func anOwnDirectoryOthersMayOnlyReadIsTightenedTo0700() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("state")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        chmod(directory, 0o755)
        try store(directory).update { $0.ledger[.named("k")] = Date(timeIntervalSince1970: 0) }
        #expect(mode(directory) == 0o700)
    }

    @Test(arguments: ["state.lock", "channel-ops.lock"])
    func aPlantedLockSymlinkIsRefusedAndItsTargetNeverCreated(_ name: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("state")
        try AtomicFile.makePrivateDirectory(directory)
        let target = folder.file("target")
        try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: target)
        do {
            if name == "state.lock" {
                try store(directory).update { $0.ledger[.named("k")] = Date(timeIntervalSince1970: 0) }
            } else {
                _ = try FileLock.tryLock(path: directory + "/" + name)
            }
            Issue.record("the lock was taken through a symbolic link")
        } catch {
            #expect("\(error)".contains(directory + "/" + name), "\(error)")
            #expect("\(error)".contains("symbolic link"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(FileManager.default.fileExists(atPath: directory + "/state.json") == false)
    }

    @Test func aLockSymlinkToAnExistingFileIsRefusedToo() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("state")
        try AtomicFile.makePrivateDirectory(directory)
        let target = try folder.write("target", "keep")
        try FileManager.default.createSymbolicLink(atPath: directory + "/state.lock", withDestinationPath: target)
        #expect(throws: (any Error).self) { try FileLock(path: directory + "/state.lock") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    @Test(arguments: ["state.json", "state.json.bak"])
    func aPlantedStateFileSymlinkIsAnErrorNeverFollowed(_ name: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let directory = folder.file("state")
        try store(directory).update { $0.ledger[.named("mine")] = Date(timeIntervalSince1970: 0) }
        // A state someone else prepared, planted as a link.
        let planted = folder.file("planted.json")
        try FileManager.default.copyItem(atPath: directory + "/state.json", toPath: planted)
        let before = try Data(contentsOf: URL(fileURLWithPath: planted))
        try FileManager.default.removeItem(atPath: directory + "/" + name)
        try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: planted)

        let store = store(directory)
        #expect {
            _ = try store.read()
        } throws: { error in
            let failure = error as? StateStore.Failure
            return failure?.kind == .inaccessible && failure?.description.contains("symbolic link") == true
        }
        #expect(throws: StateStore.Failure.self) { try store.update { $0.ledger[.named("other")] = Date() } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: planted)) == before)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + name) == planted)
    }
}
