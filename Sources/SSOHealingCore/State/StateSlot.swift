/// One of the two copies of the state a ``StateStorage`` keeps. Every write puts the same new
/// content in both, the backup first, so damage to either copy loses nothing.
public enum StateSlot: Sendable, Hashable, CaseIterable {
    /// The copy written second: `state.json` on disk.
    case current
    /// The copy written first: `state.json.bak` on disk.
    case backup
}
