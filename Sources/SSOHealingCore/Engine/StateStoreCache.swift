import Synchronization

/// The last state a ``StateStore`` read or wrote, with the identities of both copies right
/// after, and the store's counts; shared by every copy of the store.
final class StateStoreCache: Sendable {
    private struct Contents {
        var state: EngineState?
        var identities = StateIdentities(current: nil, backup: nil)
        var statistics = StateStore.Statistics()
    }

    private let contents = Mutex(Contents())

    /// The remembered state, if the copies are still those it was read from or written to.
    func state(matching identities: StateIdentities) -> EngineState? {
        contents.withLock { contents in
            contents.identities == identities ? contents.state : nil
        }
    }

    /// Remembers `state` as what copies with `identities` hold.
    func remember(_ state: EngineState, identities: StateIdentities) {
        contents.withLock { contents in
            contents.state = state
            contents.identities = identities
        }
    }

    /// Forgets the remembered state (the copies are changing).
    func forget() {
        contents.withLock { contents in
            contents.state = nil
            contents.identities = StateIdentities(current: nil, backup: nil)
        }
    }

    /// Counts a load of the state.
    func countRead() {
        contents.withLock { $0.statistics.reads += 1 }
    }

    /// Counts a generation written.
    func countWrite() {
        contents.withLock { $0.statistics.writes += 1 }
    }

    /// The counts so far.
    var statistics: StateStore.Statistics {
        contents.withLock { $0.statistics }
    }
}
