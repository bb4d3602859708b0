import Logging

/// The engine's state, kept in two copies (see ``StateStorage``): on disk, `state.json` and its
/// backup `state.json.bak` in the state directory (0700), each file 0600, under an exclusive
/// `flock` on `state.lock`, so the daemon and a timer-driven `check` can share them.
///
/// Every write puts the same new state, with the next ``EngineState/generation``, in both
/// copies: the backup first, then the current one, each atomically. Reading uses the usable
/// copy of the highest generation (or a current copy of generation 0, which an older version
/// of the program wrote after the backup), so damage to either copy loses no acknowledgement: a
/// damaged copy is moved aside (never deleted) with a warning and rewritten from the other.
/// Only when neither copy is usable does the store start afresh, with an error naming both.
/// A copy written by a newer version of the program is refused and left untouched.
///
/// The last state read or written is cached, shared by every copy of the store, and used again
/// while neither copy has changed on disk (same device, inode, size and modification time), so
/// a delivery reads and writes the state at most once each.
public struct StateStore: Sendable {
    /// Where the copies are kept.
    public let storage: any StateStorage
    /// Where problems are reported.
    public var logger: Logger
    let cache = StateStoreCache()

    /// The current copy's file name.
    public static let fileName = FileStateStorage.fileName
    /// The backup's file name.
    public static let backupFileName = FileStateStorage.backupFileName

    /// A store over the files in `directory` (a ``FileStateStorage``).
    public init(directory: String, logger: Logger) {
        self.init(storage: FileStateStorage(directory: directory), logger: logger)
    }

    /// A store over `storage`.
    public init(storage: any StateStorage, logger: Logger) {
        self.storage = storage
        self.logger = logger
    }

    /// The state directory.
    public var directory: String { storage.directory }
    /// The current copy's path.
    public var path: String { storage.location(of: .current) }
    /// The backup's path.
    public var backupPath: String { storage.location(of: .backup) }

    /// How often this store and its copies have read and written the state.
    public var statistics: Statistics { cache.statistics }

    /// Reads the state without locking (for `status`): what the last complete write left.
    ///
    /// A damaged copy is reported and the other one used, but nothing is moved or written (that
    /// is ``update(_:)``'s job, under the lock). Fails when neither copy is usable, when one
    /// was written by a newer version, or when the state cannot be read.
    public func read() throws(Failure) -> EngineState {
        let identities = try storage.identities()
        if let cached = cache.state(matching: identities) { return cached }
        // The usual case: every write puts the same bytes in the backup, then in `state.json`.
        // When `state.json` is as large and no older, it alone needs reading (a backup written
        // after it, by a write cut short, is newer and sends us the long way).
        if let current = identities.current, let backup = identities.backup, backup.size == current.size,
            backup.modified <= current.modified, case .state(let state, _) = try storage.load(.current)
        {
            cache.countRead()
            return state
        }
        let found = try examine()
        if found.isClean {
            cache.remember(found.state, identities: found.identities)
            return found.state
        }
        guard let source = found.source else { throw Failure(.damaged, "no usable state: \(found.listing)") }
        for (slot, reason) in found.damaged {
            logger.warning(
                "state file damaged: \(storage.location(of: slot)) (\(reason)); reading \(storage.location(of: source)) (generation \(found.state.generation))"
            )
        }
        return found.state
    }

    /// Locks, reads, lets `body` change the state, writes it back if it changed (or a copy
    /// needs repair), unlocks.
    public func update<T>(_ body: (inout EngineState) throws -> T) throws -> T {
        try storage.withLock {
            let original: EngineState
            var repair = false
            if let cached = cache.state(matching: try storage.identities()) {
                original = cached
            } else {
                (original, repair) = try recover(try examine())
            }
            var state = original
            let result = try body(&state)
            if repair || state != original {
                state.version = EngineState.currentVersion
                state.generation = original.generation + 1
                cache.forget()
                let identities = try storage.save(state)
                cache.countWrite()
                cache.remember(state, identities: identities)
                logger.debug("state written", metadata: ["generation": "\(state.generation)"])
            }
            return result
        }
    }

    /// Acts on what `found` says, under the lock: moves damaged copies aside and reports them.
    /// Returns the state to go on with, and whether both copies must be written again.
    private func recover(_ found: Examination) throws(Failure) -> (EngineState, repair: Bool) {
        if found.isClean {
            cache.remember(found.state, identities: found.identities)
            return (found.state, false)
        }
        var moved: [String] = []
        for (slot, reason) in found.damaged {
            let location = storage.location(of: slot)
            do {
                moved.append(try storage.setAside(slot))
            } catch {
                throw Failure(.inaccessible, "\(location) is damaged (\(reason)), and \(error.description)")
            }
        }
        guard let source = found.source else {
            logger.error(
                "no usable state: \(found.listing); moved aside to \(moved.joined(separator: " and ")); starting afresh, so notifications already sent may be sent again"
            )
            return (EngineState(), false)
        }
        let from = "\(storage.location(of: source)) (generation \(found.state.generation))"
        for ((slot, reason), aside) in zip(found.damaged, moved) {
            logger.warning(
                "state file damaged: \(storage.location(of: slot)) (\(reason)); moved aside to \(aside); going on with \(from)"
            )
        }
        if found.missing.contains(.current) {
            logger.notice(
                "state file missing: \(storage.location(of: .current)); going on with \(from), written just before it")
        } else if found.missing.contains(.backup) {
            logger.debug(
                "no backup of the state yet; writing one", metadata: ["file": "\(storage.location(of: .backup))"])
        }
        return (found.state, true)
    }
}
