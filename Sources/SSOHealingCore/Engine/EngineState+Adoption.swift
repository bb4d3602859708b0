extension EngineState {
    /// Carries the record of a target that earlier versions kept under a probe's name over to
    /// the target's name: its health (so an open episode goes on, and resolves, under the new
    /// fingerprint) and each channel's place in it (so the resolution reaches the channels that
    /// heard of the episode). Records of the other `formerNames` of the same kind are dropped,
    /// so nothing reminds about a target that no longer exists under that name.
    ///
    /// Nothing changes when the target already has a record of its own. Ledger keys stay as they
    /// are: they name the old fingerprint, which no event carries any more.
    mutating func adopt(target name: String, kind: String, from formerNames: [String]) {
        let former = formerNames.filter { $0 != name && targets[$0]?.kind == kind }
        guard !former.isEmpty else { return }
        if targets[name] == nil {
            // The one with the latest change speaks for the target.
            let heir = former.max {
                (targets[$0]?.health.since ?? .distantPast) < (targets[$1]?.health.since ?? .distantPast)
            }
            if let heir, let record = targets[heir] {
                targets[name] = record
                let old = "\(kind):\(heir)"
                let new = "\(kind):\(name)"
                for (place, episode) in channelEpisodes where place.fingerprint == old {
                    channelEpisodes[ChannelTarget(channel: place.channel, fingerprint: new)] = episode
                }
            }
        }
        for old in former {
            targets.removeValue(forKey: old)
            channelEpisodes = channelEpisodes.filter { $0.key.fingerprint != "\(kind):\(old)" }
        }
    }
}
