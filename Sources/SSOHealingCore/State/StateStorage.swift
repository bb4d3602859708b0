/// Where ``StateStore`` keeps the state: the primitive operations on two copies of it.
///
/// The store decides which copy to use, what to recover and what to report; a storage only
/// locks, loads, saves and sets aside. ``FileStateStorage`` keeps JSON files in the state
/// directory; ``InMemoryStateStorage`` keeps values, for fast tests.
public protocol StateStorage: Sendable {
    /// The state directory: where the engine keeps its other files (channel locks).
    var directory: String { get }

    /// Where `slot` is kept, to name it in messages (a file's path).
    func location(of slot: StateSlot) -> String

    /// Runs `body` holding the exclusive lock on the state, shared with every other store over
    /// the same storage, in this process or another.
    func withLock<T>(_ body: () throws -> T) throws -> T

    /// What each copy is now, without reading it; `nil` for a missing copy.
    func identities() throws(StateStore.Failure) -> StateIdentities

    /// Reads one copy. A copy that is not a usable state is `.damaged`; one of a newer format
    /// is `.newer`, decided before decoding it. Fails only when the copy cannot be read at all.
    func load(_ slot: StateSlot) throws(StateStore.Failure) -> StateLoad

    /// Writes `state` to both copies, the backup first, each completely or not at all, and
    /// returns their identities after the write.
    func save(_ state: EngineState) throws(StateStore.Failure) -> StateIdentities

    /// Moves a damaged copy out of the way, never deleting it; returns where it went.
    func setAside(_ slot: StateSlot) throws(StateStore.Failure) -> String
}
