#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The state file's JSON. The ledger, its largest part, is written compactly, by channel and
/// fingerprint: `{"ops": {"aws-sso:corp": [[episode, transition, reminder, "at"], …]}}`; the
/// channels' places are a list of objects. Version 1 files, whose keys were `|`-joined strings
/// without the transition, are read and migrated: their keys get transition 0, as their episodes
/// had no numbered changes.
extension EngineState: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, generation, targets, outbox, ledger, channelEpisodes, deliveryCounts
    }

    /// One ledger key of a channel and fingerprint: `[episode, transition, reminder, "at"]`.
    private struct LedgerEntry: Codable {
        var episode: Int
        var transition: Int
        var reminder: Int
        var at: Date

        init(_ key: DeliveryKey, at: Date) {
            (episode, transition, reminder, self.at) = (key.episode, key.transition, key.reminder, at)
        }

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            episode = try container.decode(Int.self)
            transition = try container.decode(Int.self)
            reminder = try container.decode(Int.self)
            at = try container.decode(Date.self)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(episode)
            try container.encode(transition)
            try container.encode(reminder)
            try container.encode(at)
        }
    }

    private struct ChannelEntry: Codable {
        var channel: String
        var fingerprint: String
        var place: ChannelEpisode
    }

    /// Writes the current format.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.currentVersion, forKey: .version)
        try container.encode(generation, forKey: .generation)
        try container.encode(targets, forKey: .targets)
        try container.encode(outbox, forKey: .outbox)
        var ledger: [String: [String: [LedgerEntry]]] = [:]
        for (key, at) in self.ledger {
            ledger[key.channel, default: [:]][key.fingerprint, default: []].append(LedgerEntry(key, at: at))
        }
        for channel in ledger.keys {
            for fingerprint in ledger[channel]!.keys {
                ledger[channel]![fingerprint]!.sort {
                    ($0.episode, $0.transition, $0.reminder) < ($1.episode, $1.transition, $1.reminder)
                }
            }
        }
        try container.encode(ledger, forKey: .ledger)
        let places = channelEpisodes.map {
            ChannelEntry(channel: $0.key.channel, fingerprint: $0.key.fingerprint, place: $0.value)
        }.sorted { $0.channel == $1.channel ? $0.fingerprint < $1.fingerprint : $0.channel < $1.channel }
        try container.encode(places, forKey: .channelEpisodes)
        if !deliveryCounts.isEmpty { try container.encode(deliveryCounts, forKey: .deliveryCounts) }
    }

    /// Reads the current format or version 1. A newer version is the store's to refuse before
    /// decoding; here it fails like any other unreadable file.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .version)
        self.init()
        generation = try container.decodeIfPresent(Int.self, forKey: .generation) ?? 0
        targets = try container.decode([String: TargetRecord].self, forKey: .targets)
        deliveryCounts = try container.decodeIfPresent([String: DeliveryCounts].self, forKey: .deliveryCounts) ?? [:]
        switch version {
        case Self.currentVersion:
            outbox = try container.decode([PendingDelivery].self, forKey: .outbox)
            let ledger = try container.decode([String: [String: [LedgerEntry]]].self, forKey: .ledger)
            for (channel, fingerprints) in ledger {
                for (fingerprint, entries) in fingerprints {
                    for entry in entries {
                        let key = DeliveryKey(
                            channel: channel, fingerprint: fingerprint, episode: entry.episode,
                            transition: entry.transition, reminder: entry.reminder)
                        self.ledger[key] = max(self.ledger[key] ?? entry.at, entry.at)
                    }
                }
            }
            let places = try container.decode([ChannelEntry].self, forKey: .channelEpisodes)
            channelEpisodes = Dictionary(
                places.map { (ChannelTarget(channel: $0.channel, fingerprint: $0.fingerprint), $0.place) },
                uniquingKeysWith: { _, last in last })
        case 1:
            try migrateVersion1(container)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "unsupported state format version \(version)")
        }
    }

    private struct Version1Delivery: Decodable {
        var channel: String
        var event: AlertEvent
        var enqueuedAt: Date
        var attempts: Int
        var nextAttemptAt: Date
        var lastError: String?
    }

    private struct Version1Place: Decodable {
        var episode: Int
        var state: HealthState
        var notifiedAt: Date
        var reminder: Int
        var previous: HealthState
    }

    private mutating func migrateVersion1(_ container: KeyedDecodingContainer<CodingKeys>) throws {
        outbox = try container.decode([Version1Delivery].self, forKey: .outbox).map { old in
            var delivery = PendingDelivery(channel: old.channel, event: old.event, enqueuedAt: old.enqueuedAt)
            delivery.attempts = old.attempts
            delivery.nextAttemptAt = old.nextAttemptAt
            delivery.lastError = old.lastError
            return delivery
        }
        // `channel|fingerprint|episode|state|reminder`
        for (text, at) in try container.decode([String: Date].self, forKey: .ledger) {
            let parts = text.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count >= 5, let episode = Int(parts[parts.count - 3]),
                let reminder = Int(parts[parts.count - 1])
            else { continue }
            let key = DeliveryKey(
                channel: String(parts[0]), fingerprint: parts[1..<(parts.count - 3)].joined(separator: "|"),
                episode: episode, transition: 0, reminder: reminder)
            ledger[key] = max(ledger[key] ?? at, at)
        }
        for delivery in outbox { ledger[delivery.key] = ledger[delivery.key] ?? delivery.enqueuedAt }
        // `channel|fingerprint`
        for (text, old) in try container.decode([String: Version1Place].self, forKey: .channelEpisodes) {
            guard let bar = text.firstIndex(of: "|") else { continue }
            let key = ChannelTarget(channel: String(text[..<bar]), fingerprint: String(text[text.index(after: bar)...]))
            // Version 1 counted reminders from the last one sent; the cadence now counts from the
            // moment the target entered its state, which is the target's `since`.
            let name = key.fingerprint.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
            let since = targets[name]?.health.since ?? old.notifiedAt
            channelEpisodes[key] = ChannelEpisode(
                episode: old.episode, transition: targets[name]?.health.transition ?? 0, state: old.state,
                since: since, reminder: old.reminder, previous: old.previous)
        }
    }
}
