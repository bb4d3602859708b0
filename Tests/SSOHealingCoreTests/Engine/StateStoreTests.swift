import Foundation
import InMemoryLogging
import Logging
import SSOHealingCore
import SSOHealingTestKit
import Synchronization
import Testing

@Suite struct StateStoreTests {
    /// A state directory (not yet created) in a temporary folder, with a store over it that logs
    /// into memory.
    struct Fixture {
        let folder: TemporaryDirectory
        let logs = InMemoryLogHandler()
        var directory: String { folder.file("state") }
        var current: String { directory + "/state.json" }
        var backup: String { directory + "/state.json.bak" }

        init() throws {
            folder = try TemporaryDirectory(prefix: "sso-self-healing-state")
        }

        /// A new store over the directory: another process, as far as the cache goes.
        func store() -> StateStore {
            let logs = self.logs
            var logger = Logger(label: "test") { _ in logs }
            logger.logLevel = .trace
            return StateStore(directory: directory, logger: logger)
        }

        /// Log lines at `level` or above.
        func messages(atLeast level: Logger.Level) -> [String] {
            logs.entries.filter { $0.level >= level }.map { "\($0.message)" }
        }

        func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

        /// The directory's entries, sorted.
        func entries() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        }

        /// A file's top-level JSON object, read with Foundation's parser.
        func object(_ path: String) throws -> [String: Any] {
            let data = try #require(bytes(path))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        /// A file's ledger keys.
        func ledgerKeys(_ path: String) throws -> Set<String> {
            // Format 2 writes the ledger by channel, then fingerprint; the tests name keys by channel.
            Set((try object(path)["ledger"] as? [String: Any])?.keys.map { $0 } ?? [])
        }

        func mode(_ path: String) -> Int? {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            return Int(info.st_mode) & 0o7777
        }

        func remove() { folder.remove() }
    }

    static let moment = Date(timeIntervalSince1970: 1_900_000_000)

    /// Records `key` as acknowledged.
    static func acknowledge(_ key: String, in store: StateStore) throws {
        try store.update { $0.ledger[.named(key)] = moment }
    }

    // MARK: Two generations

    @Test func everyWriteLeavesTheSameStateInBothFilesUnderTheNextGeneration() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let store = fixture.store()
        try Self.acknowledge("a", in: store)
        try Self.acknowledge("b", in: store)
        #expect(fixture.bytes(fixture.current) == fixture.bytes(fixture.backup))
        #expect(try fixture.object(fixture.current)["generation"] as? Int == 2)
        #expect(try fixture.ledgerKeys(fixture.current) == ["a", "b"])
        #expect(try fixture.entries() == ["state.json", "state.json.bak", "state.lock"])
    }

    @Test func anUpdateThatChangesNothingWritesNothing() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("a", in: fixture.store())
        let before = fixture.bytes(fixture.current)
        try fixture.store().update { _ in }
        #expect(fixture.bytes(fixture.current) == before)
        #expect(try fixture.object(fixture.current)["generation"] as? Int == 1)
    }

    @Test func theStateFilesAre0600InA0700Directory() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("a", in: fixture.store())
        #expect(fixture.mode(fixture.directory) == 0o700)
        for name in ["state.json", "state.json.bak", "state.lock"] {
            #expect(fixture.mode(fixture.directory + "/" + name) == 0o600, "\(name)")
        }
    }

    @Test func concurrentUpdatesFromTwoProcessesLoseNothing() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // Two stores (their own caches, as two processes have), many threads each.
        let stores = [fixture.store(), fixture.store()]
        let failures = LockedCount()
        DispatchQueue.concurrentPerform(iterations: 60) { index in
            do {
                try Self.acknowledge("key-\(index)", in: stores[index % 2])
            } catch {
                failures.add()
            }
        }
        #expect(failures.value == 0)
        #expect(try fixture.ledgerKeys(fixture.current) == Set((0..<60).map { "key-\($0)" }))
        #expect(fixture.bytes(fixture.current) == fixture.bytes(fixture.backup))
        #expect(try fixture.object(fixture.current)["generation"] as? Int == 60)
    }

    @Test func aStateFileFromBeforeGenerationsIsReadAndGetsABackup() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try AtomicFile.makePrivateDirectory(fixture.directory)
        let old =
            #"{"channelEpisodes":{},"ledger":{"old|test:x|1|ok|0":"2030-03-17T17:46:40Z"},"outbox":[],"targets":{},"version":1}"#
        try Data(old.utf8).write(to: URL(fileURLWithPath: fixture.current))
        let store = fixture.store()
        #expect(try store.read().ledger.names == ["old"])
        #expect(try store.read().generation == 0)
        try store.update { _ in }
        #expect(try fixture.ledgerKeys(fixture.backup) == ["old"])
        #expect(try fixture.object(fixture.backup)["generation"] as? Int == 1)
        #expect(fixture.bytes(fixture.current) == fixture.bytes(fixture.backup))
        #expect(fixture.messages(atLeast: .warning).isEmpty)
    }

    @Test func aStateFileAnOlderVersionWroteAfterTheBackupIsPreferredToTheBackup() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("a", in: fixture.store())
        try Self.acknowledge("b", in: fixture.store())
        // An older daemon, still running during the upgrade, acknowledges "c": it rewrites
        // state.json in its own format (version 1, no generation) and leaves the backup as it was.
        let older =
            #"{"version":1,"targets":{},"outbox":[],"channelEpisodes":{},"ledger":{"#
            + #""a|test:x|1|ok|0":"2030-03-17T17:46:40Z","b|test:x|1|ok|0":"2030-03-17T17:46:40Z","#
            + #""c|test:x|1|ok|0":"2030-03-17T17:46:40Z"}}"#
        try Data(older.utf8).write(to: URL(fileURLWithPath: fixture.current))

        let store = fixture.store()
        #expect(try store.read().ledger.names == ["a", "b", "c"])
        try Self.acknowledge("d", in: store)
        #expect(try fixture.ledgerKeys(fixture.current) == ["a", "b", "c", "d"])
        #expect(fixture.bytes(fixture.current) == fixture.bytes(fixture.backup))
        #expect(try fixture.object(fixture.current)["generation"] as? Int == 3)
    }

    // MARK: Damage

    @Test(arguments: StateDamage.allCases)
    func aDamagedStateFileIsRecoveredFromTheBackupWithoutLosingAcknowledgements(_ damage: StateDamage) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        let good = try #require(fixture.bytes(fixture.current))
        let damaged = damage.bytes(from: good)
        try damaged.write(to: URL(fileURLWithPath: fixture.current))

        let store = fixture.store()
        try store.update { state in
            #expect(state.ledger.names == ["acknowledged"])
        }

        // The damaged file is kept aside, byte for byte; both generations are whole again.
        let aside = try fixture.entries().filter { $0.hasPrefix("state.json.corrupt-") }
        #expect(aside.count == 1)
        #expect(fixture.bytes(fixture.directory + "/" + (aside.first ?? "")) == damaged)
        #expect(try fixture.ledgerKeys(fixture.current) == ["acknowledged"])
        #expect(fixture.bytes(fixture.current) == fixture.bytes(fixture.backup))
        let warnings = fixture.messages(atLeast: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.allSatisfy { $0.contains(fixture.current) && $0.contains("damaged") })
        #expect(fixture.messages(atLeast: .error).isEmpty)
    }

    @Test(arguments: StateDamage.allCases)
    func aDamagedBackupIsReplacedFromTheStateFile(_ damage: StateDamage) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        let damaged = damage.bytes(from: try #require(fixture.bytes(fixture.backup)))
        try damaged.write(to: URL(fileURLWithPath: fixture.backup))

        try fixture.store().update { state in
            #expect(state.ledger.names == ["acknowledged"])
        }
        let aside = try fixture.entries().filter { $0.hasPrefix("state.json.bak.corrupt-") }
        #expect(aside.count == 1)
        #expect(fixture.bytes(fixture.directory + "/" + (aside.first ?? "")) == damaged)
        #expect(try fixture.ledgerKeys(fixture.backup) == ["acknowledged"])
        #expect(fixture.messages(atLeast: .warning).contains { $0.contains(fixture.backup) })
    }

    @Test func readingADamagedStateFileUsesTheBackupAndMovesNothing() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        try Data("{\"vers".utf8).write(to: URL(fileURLWithPath: fixture.current))
        let before = try fixture.entries()
        #expect(try fixture.store().read().ledger.names == ["acknowledged"])
        #expect(try fixture.entries() == before)
        #expect(fixture.bytes(fixture.current) == Data("{\"vers".utf8))
        #expect(fixture.messages(atLeast: .warning).contains { $0.contains(fixture.current) })
    }

    @Test func aMissingStateFileIsRecoveredFromTheBackupWrittenJustBeforeIt() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        // A crash between the two renames of the very first write leaves only the backup.
        try FileManager.default.removeItem(atPath: fixture.current)
        try fixture.store().update { state in
            #expect(state.ledger.names == ["acknowledged"])
        }
        #expect(fixture.bytes(fixture.current) == fixture.bytes(fixture.backup))
        #expect(fixture.messages(atLeast: .warning).isEmpty)
    }

    @Test func whenBothFilesAreDamagedTheStoreStartsAfreshAndNamesBothInAnError() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: fixture.current))
        try Data("null".utf8).write(to: URL(fileURLWithPath: fixture.backup))

        let store = fixture.store()
        #expect(throws: StateStore.Failure.self) { try store.read() }
        try store.update { state in
            #expect(state.ledger.isEmpty)
            state.ledger[.named("new")] = Self.moment
        }
        let entries = try fixture.entries()
        let current = entries.filter { $0.hasPrefix("state.json.corrupt-") }
        let backup = entries.filter { $0.hasPrefix("state.json.bak.corrupt-") }
        #expect(current.count == 1 && backup.count == 1)
        #expect(fixture.bytes(fixture.directory + "/" + (current.first ?? "")) == Data("garbage".utf8))
        #expect(fixture.bytes(fixture.directory + "/" + (backup.first ?? "")) == Data("null".utf8))
        let errors = fixture.messages(atLeast: .error)
        #expect(errors.count == 1)
        #expect(errors.allSatisfy { $0.contains(fixture.current) && $0.contains(fixture.backup) })
        #expect(try fixture.ledgerKeys(fixture.current) == ["new"])
        #expect(try fixture.ledgerKeys(fixture.backup) == ["new"])
    }

    @Test func damageTwiceInTheSameSecondKeepsBothDamagedFiles() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        for text in ["first", "second"] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.current))
            try fixture.store().update { _ in }
        }
        let aside = try fixture.entries().filter { $0.hasPrefix("state.json.corrupt-") }
        let contents = Set(aside.compactMap { fixture.bytes(fixture.directory + "/" + $0) })
        #expect(contents == [Data("first".utf8), Data("second".utf8)])
    }

    // MARK: A newer version

    @Test(arguments: [true, false])
    func aStateFileOfANewerVersionIsRefusedAndLeftByteForByteUntouched(inTheBackup: Bool) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("acknowledged", in: fixture.store())
        let newer = Data(#"{"version":99,"ledger":{"future":"format"},"generation":7}"#.utf8)
        let refused = inTheBackup ? fixture.backup : fixture.current
        try newer.write(to: URL(fileURLWithPath: refused))
        let before = try fixture.entries().map { ($0, fixture.bytes(fixture.directory + "/" + $0)) }

        let store = fixture.store()
        for attempt in 0..<2 {
            let failure: StateStore.Failure
            do {
                if attempt == 0 { _ = try store.read() } else { try Self.acknowledge("other", in: store) }
                Issue.record("the newer state was used")
                continue
            } catch let error as StateStore.Failure {
                failure = error
            }
            #expect(failure.kind == .newerVersion)
            #expect(failure.description.contains(refused))
            #expect(failure.description.contains("state format 99"))
            #expect(failure.description.contains("reads up to \(EngineState.currentVersion)"))
        }
        let after = try fixture.entries().map { ($0, fixture.bytes(fixture.directory + "/" + $0)) }
        #expect(after.map(\.0) == before.map(\.0))
        #expect(after.map(\.1) == before.map(\.1))
    }

    // MARK: The cache

    @Test func severalUpdatesInARowByOneStoreReadTheFileOnce() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try Self.acknowledge("first", in: fixture.store())
        let store = fixture.store()
        let copy = store
        for index in 0..<5 {
            try Self.acknowledge("key-\(index)", in: index.isMultiple(of: 2) ? store : copy)
            try store.update { _ in }
        }
        #expect(store.statistics == StateStore.Statistics(reads: 1, writes: 5))
        #expect(try fixture.ledgerKeys(fixture.current).count == 6)
    }

    @Test func aWriteByAnotherStoreIsNoticedByTheNextUpdate() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let store = fixture.store()
        try Self.acknowledge("mine", in: store)
        try Self.acknowledge("theirs", in: fixture.store())
        try store.update { state in
            #expect(state.ledger.names == ["mine", "theirs"])
        }
        #expect(try store.read().ledger.names == ["mine", "theirs"])
        #expect(store.statistics == StateStore.Statistics(reads: 1, writes: 1))
        // Damage after the cache was filled is noticed too.
        try Data("null".utf8).write(to: URL(fileURLWithPath: fixture.current))
        try store.update { state in
            #expect(state.ledger.names == ["mine", "theirs"])
        }
        #expect(store.statistics.reads == 2)
    }

    @Test func theCacheSavesLoadsFromTheStorage() throws {
        let storage = InMemoryStateStorage(directory: "/nonexistent")
        let store = StateStore(storage: storage, logger: Logger(label: "test"))
        for index in 0..<5 { try Self.acknowledge("key-\(index)", in: store) }
        _ = try store.read()
        #expect(storage.loads == 2)  // each copy once
        #expect(storage.saves == 5)
        let other = StateStore(storage: storage, logger: Logger(label: "test"))
        try Self.acknowledge("other", in: other)
        #expect(try store.read().ledger.count == 6)
        #expect(storage.loads == 5, "the other store's update read both copies; the read, in step, state.json alone")
    }

    // MARK: In memory

    @Test func theInMemoryStorageRecoversFromDamageLikeTheFiles() throws {
        let storage = InMemoryStateStorage(directory: "/nonexistent")
        try Self.acknowledge("acknowledged", in: StateStore(storage: storage, logger: Logger(label: "test")))
        for target in [InMemoryStateStorage.Target.current, .backup] {
            storage.damage(target)
            try StateStore(storage: storage, logger: Logger(label: "test")).update { state in
                #expect(state.ledger.names == ["acknowledged"])
            }
            #expect(storage.state(in: .current) == storage.state(in: .backup))
        }
        #expect(storage.setAside.count == 2)
        storage.damage(.both)
        try StateStore(storage: storage, logger: Logger(label: "test")).update { state in
            #expect(state.ledger.isEmpty)
        }
        #expect(storage.setAside.count == 4)
    }

    @Test func theInMemoryStorageRefusesANewerVersionAndKeepsIt() throws {
        let storage = InMemoryStateStorage(directory: "/nonexistent")
        try Self.acknowledge("acknowledged", in: StateStore(storage: storage, logger: Logger(label: "test")))
        storage.writeNewerVersion(to: .current)
        let store = StateStore(storage: storage, logger: Logger(label: "test"))
        #expect(throws: StateStore.Failure.self) { try Self.acknowledge("other", in: store) }
        #expect(storage.state(in: .current) == nil)
        #expect(storage.state(in: .backup)?.ledger.names == ["acknowledged"])
        #expect(storage.setAside.isEmpty)
        #expect(storage.saves == 1)
    }

    @Test func aCrashBeforeOrBetweenTheTwoWritesLosesNothingThatWasWritten() throws {
        let storage = InMemoryStateStorage(directory: "/nonexistent")
        let store = StateStore(storage: storage, logger: Logger(label: "test"))
        try Self.acknowledge("first", in: store)

        storage.failNextWrite(after: 0)
        #expect(throws: StateStore.Failure.self) { try Self.acknowledge("lost", in: store) }
        #expect(
            try StateStore(storage: storage, logger: Logger(label: "test")).read().ledger.names == ["first"])

        // Between the writes: the backup holds the new generation, the current copy the old.
        storage.failNextWrite(after: 1)
        #expect(throws: StateStore.Failure.self) { try Self.acknowledge("second", in: store) }
        #expect(storage.state(in: .backup)?.ledger.names == ["first", "second"])
        #expect(storage.state(in: .current)?.ledger.names == ["first"])
        try store.update { state in
            #expect(state.ledger.names == ["first", "second"])
            state.ledger[.named("third")] = Self.moment
        }
        #expect(storage.state(in: .current) == storage.state(in: .backup))
        #expect(storage.crashes == 2)
    }
}

/// A count several threads add to.
final class LockedCount: Sendable {
    private let count = Mutex(0)

    func add() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}

extension DeliveryKey {
    /// A key the tests tell apart by its channel alone.
    static func named(_ channel: String) -> DeliveryKey {
        DeliveryKey(channel: channel, fingerprint: "test:x", episode: 1, transition: 0, reminder: 0)
    }
}

extension Dictionary where Key == DeliveryKey {
    /// The ledger's keys by channel, sorted.
    fileprivate var names: [String] { keys.map(\.channel).sorted() }
}
