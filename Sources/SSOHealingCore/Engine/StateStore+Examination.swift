extension StateStore {
    /// Both copies as loaded, and which one to use: the usable one of the highest generation
    /// (the current copy on a tie).
    struct Examination {
        /// The state to go on with: the chosen copy's, or an empty one when there is none.
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
        var best: EngineState?
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
                if best == nil || state.generation > best!.generation {
                    best = state
                    found.source = slot
                }
            }
        }
        if let best { found.state = best }
        if found.missing.count < 2 {
            cache.countRead()
            logger.debug("state read", metadata: ["generation": "\(found.state.generation)"])
        }
        return found
    }
}
