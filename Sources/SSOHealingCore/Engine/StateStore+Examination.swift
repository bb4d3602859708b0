extension StateStore {
    /// Both copies as loaded, and which one to use: the usable one of the highest generation
    /// (the current copy on a tie), except that a current copy of generation 0 always wins.
    ///
    /// Generation 0 is what a version of the program from before generations leaves: it writes
    /// only `state.json`, so a current copy of generation 0 beside a backup was written after
    /// the backup (an older daemon still running during an upgrade, or a downgrade and back).
    /// The backup is then stale, and using it would send acknowledged alerts again.
    struct Examination {
        /// The state to go on with: the chosen copy's, with the highest generation of the
        /// usable copies (so the next write's is higher than both); an empty one when none is.
        var state = EngineState()
        /// The copy `state` comes from; `nil` when none is usable (or both are missing).
        var source: StateSlot?
        /// The identities of the copies read (cached only when the examination is clean).
        var identities = StateIdentities(current: nil, backup: nil)
        /// Copies that are not usable states, and why.
        var damaged: [(slot: StateSlot, reason: String)] = []
        /// Copies that do not exist.
        var missing: [StateSlot] = []
        /// Where each copy is, for messages.
        var locations: [StateSlot: String] = [:]

        /// Both copies usable, or both missing: nothing to report or repair.
        var isClean: Bool { damaged.isEmpty && (missing.isEmpty || missing.count == 2) }

        /// Both copies and what is wrong with each: `state.json (not JSON) and state.json.bak (missing)`.
        var listing: String {
            StateSlot.allCases.map { slot in
                let location = locations[slot] ?? "\(slot)"
                if let damage = damaged.first(where: { $0.slot == slot }) { return "\(location) (\(damage.reason))" }
                if missing.contains(slot) { return "\(location) (missing)" }
                return location
            }.joined(separator: " and ")
        }
    }

    /// Loads both copies. Refuses, before anything is moved or written, when either was
    /// written by a newer version.
    func examine() throws(Failure) -> Examination {
        var found = Examination()
        var loads: [(StateSlot, StateLoad)] = []
        for slot in StateSlot.allCases {
            found.locations[slot] = storage.location(of: slot)
            loads.append((slot, try storage.load(slot)))
        }
        for case (let slot, .newer(let version)) in loads {
            throw Failure.newer(storage.location(of: slot), version: version)
        }
        var best: (state: EngineState, rank: Int)?
        var generation = 0
        for (slot, load) in loads {
            switch load {
            case .missing:
                found.missing.append(slot)
            case .damaged(let reason):
                found.damaged.append((slot, reason))
            case .newer:
                break
            case .state(let state, let identity):
                if slot == .current { found.identities.current = identity } else { found.identities.backup = identity }
                generation = max(generation, state.generation)
                let rank = slot == .current && state.generation == 0 ? Int.max : state.generation
                if best == nil || rank > best!.rank {
                    best = (state, rank)
                    found.source = slot
                }
            }
        }
        if let best {
            found.state = best.state
            found.state.generation = generation
        }
        if found.missing.count < 2 {
            cache.countRead()
            logger.debug("state read", metadata: ["generation": "\(found.state.generation)"])
        }
        return found
    }
}
