import Synchronization

/// The state kept as values in memory, for fast tests of the real engine: no files, no JSON.
///
/// Share one instance between several ``StateStore``s to play several processes. Faults can be
/// injected: a damaged copy, a copy of a newer format, a crash before or between the two
/// writes of a generation.
public final class InMemoryStateStorage: StateStorage {
    /// Which copies a fault hits.
    public enum Target: Sendable {
        /// The current copy.
        case current
        /// The backup.
        case backup
        /// Both copies.
        case both

        var slots: [StateSlot] {
            switch self {
            case .current: [.current]
            case .backup: [.backup]
            case .both: [.current, .backup]
            }
        }
    }

    /// What one copy holds.
    private enum Copy {
        case state(EngineState)
        case damaged
        case newer(Int)
    }

    private struct Contents {
        var copies: [StateSlot: (copy: Copy, revision: UInt64)] = [:]
        var revisions: UInt64 = 0
        var failWriteAfter: Int?
        var setAside: [String] = []
        var crashes = 0
        var loads = 0
        var saves = 0

        mutating func put(_ copy: Copy, in slot: StateSlot) {
            revisions += 1
            copies[slot] = (copy, revisions)
        }
    }

    /// Where the engine keeps its other files (channel locks); the storage never touches it.
    public let directory: String
    private let lock = Mutex(())
    private let contents = Mutex(Contents())

    /// An empty storage; `directory` is for the engine's channel locks.
    public init(directory: String) {
        self.directory = directory
    }

    /// `memory:current` or `memory:backup`.
    public func location(of slot: StateSlot) -> String {
        slot == .current ? "memory:current" : "memory:backup"
    }

    /// Holds an in-process lock while `body` runs.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, any Error>?
        lock.withLock { _ in
            result = Result { try body() }
        }
        return try result!.get()
    }

    /// Revision numbers as identities: every change of a copy gets a new one.
    public func identities() -> StateIdentities {
        contents.withLock { contents in
            StateIdentities(
                current: contents.copies[.current].map { Self.identity($0.revision) },
                backup: contents.copies[.backup].map { Self.identity($0.revision) })
        }
    }

    /// The copy as it was put there.
    public func load(_ slot: StateSlot) -> StateLoad {
        contents.withLock { contents in
            contents.loads += 1
            guard let (copy, revision) = contents.copies[slot] else { return .missing }
            switch copy {
            case .state(let state): return .state(state, Self.identity(revision))
            case .damaged: return .damaged(reason: "damaged on purpose")
            case .newer(let version): return .newer(version: version)
            }
        }
    }

    /// Puts `state` in the backup, then in the current copy, unless a crash was arranged.
    public func save(_ state: EngineState) throws(StateStore.Failure) -> StateIdentities {
        let crashed = contents.withLock { contents -> Bool in
            contents.saves += 1
            for (written, slot) in [StateSlot.backup, .current].enumerated() {
                if contents.failWriteAfter == written {
                    contents.failWriteAfter = nil
                    contents.crashes += 1
                    return true
                }
                contents.put(.state(state), in: slot)
            }
            return false
        }
        if crashed { throw StateStore.Failure(.inaccessible, "simulated crash while writing the state") }
        return identities()
    }

    /// Drops the copy, remembering its location among those set aside.
    public func setAside(_ slot: StateSlot) -> String {
        contents.withLock { contents in
            contents.copies[slot] = nil
            let name = location(of: slot) + ".corrupt-\(contents.setAside.count + 1)"
            contents.setAside.append(name)
            return name
        }
    }

    // MARK: Faults and inspection

    /// Replaces the copies with something that is not a state.
    public func damage(_ target: Target) {
        contents.withLock { contents in
            for slot in target.slots { contents.put(.damaged, in: slot) }
        }
    }

    /// Replaces the copies with a state of format `version` (by default one newer than this
    /// program reads).
    public func writeNewerVersion(_ version: Int = EngineState.currentVersion + 1, to target: Target = .both) {
        contents.withLock { contents in
            for slot in target.slots { contents.put(.newer(version), in: slot) }
        }
    }

    /// Puts `state` in the copies as they are (no generation is added): for old or odd states.
    public func put(_ state: EngineState, in target: Target) {
        contents.withLock { contents in
            for slot in target.slots { contents.put(.state(state), in: slot) }
        }
    }

    /// Removes the copies, as if they had never been written.
    public func remove(_ target: Target) {
        contents.withLock { contents in
            for slot in target.slots { contents.copies[slot] = nil }
        }
    }

    /// Makes the next write stop (and throw, as a crash would end the process) after writing
    /// `files` copies: 0, before the backup; 1, between the backup and the current copy.
    public func failNextWrite(after files: Int) {
        contents.withLock { $0.failWriteAfter = files }
    }

    /// The state in `slot`, if it holds a usable one.
    public func state(in slot: StateSlot) -> EngineState? {
        contents.withLock { contents in
            if case .state(let state) = contents.copies[slot]?.copy { return state }
            return nil
        }
    }

    /// Where damaged copies were set aside, in order.
    public var setAside: [String] {
        contents.withLock { $0.setAside }
    }

    /// How many times a copy was loaded (missing ones included).
    public var loads: Int {
        contents.withLock { $0.loads }
    }

    /// How many times the state was saved (crashed saves included).
    public var saves: Int {
        contents.withLock { $0.saves }
    }

    /// How many writes were stopped by ``failNextWrite(after:)``.
    public var crashes: Int {
        contents.withLock { $0.crashes }
    }

    private static func identity(_ revision: UInt64) -> StateIdentity {
        StateIdentity(device: 0, inode: revision, size: 0, modified: 0)
    }
}
