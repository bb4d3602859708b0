#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The event JSON exactly as the product contract documents it, decoded by the tests' own rules
/// (not the product's `AlertEvent`), so that a test's oracle is never the encoder under test:
/// every documented key with its documented type, `remedy` only where there is one, `since`
/// only where the sender put it, and nothing else (an unknown or a missing key is an error).
public struct DocumentedEvent: Decodable, Sendable {
    /// The keys every event carries.
    public static let requiredKeys: Set<String> = [
        "version", "id", "fingerprint", "episode", "transition", "probe", "kind", "previous", "state", "severity",
        "reminder", "resolved", "summary", "details", "at", "host", "test",
    ]
    /// The keys an event carries only when they apply.
    public static let optionalKeys: Set<String> = ["remedy", "since"]

    /// The keys the JSON held.
    public let keys: Set<String>
    /// The format version.
    public let version: Int
    /// The delivery group's id.
    public let id: String
    /// Probe kind and target.
    public let fingerprint: String
    /// The episode number.
    public let episode: Int
    /// The change's number inside the episode.
    public let transition: Int
    /// The probe's name.
    public let probe: String
    /// The probe's kind.
    public let kind: String
    /// The state before the change.
    public let previous: String
    /// The state after it.
    public let state: String
    /// `info`, `warning` or `critical`.
    public let severity: String
    /// 0 for the change, 1… for reminders.
    public let reminder: Int
    /// Whether this is the return to ok.
    public let resolved: Bool
    /// The human sentence.
    public let summary: String
    /// The command to run, when there is one.
    public let remedy: String?
    /// Facts such as expiry dates.
    public let details: [String: String]
    /// When, as `YYYY-MM-DDTHH:MM:SSZ`.
    public let at: String
    /// The machine's host name.
    public let host: String
    /// Whether this is a test alert.
    public let test: Bool
    /// When the reminded state began (reminders).
    public let since: String?

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The JSON is not the documented event; says how.
    public struct Mismatch: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// Decodes an event, refusing unknown and missing keys and values outside the documented ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        keys = Set(container.allKeys.map(\.stringValue))
        let unknown = keys.subtracting(Self.requiredKeys).subtracting(Self.optionalKeys)
        guard unknown.isEmpty else { throw Mismatch(description: "undocumented keys \(unknown.sorted())") }
        let missing = Self.requiredKeys.subtracting(keys)
        guard missing.isEmpty else { throw Mismatch(description: "missing keys \(missing.sorted())") }
        func value<T: Decodable>(_ name: String, _ type: T.Type = T.self) throws -> T {
            try container.decode(T.self, forKey: Key(name))
        }
        func choice(_ name: String, _ allowed: [String]) throws -> String {
            let text: String = try value(name)
            guard allowed.contains(text) else {
                throw Mismatch(description: "\(name) \(text) is not one of \(allowed)")
            }
            return text
        }
        func timestamp(_ name: String) throws -> String {
            let text: String = try value(name)
            guard Self.isTimestamp(text) else {
                throw Mismatch(description: "\(name) \(text) is not YYYY-MM-DDTHH:MM:SSZ")
            }
            return text
        }
        version = try value("version")
        id = try value("id")
        fingerprint = try value("fingerprint")
        episode = try value("episode")
        transition = try value("transition")
        probe = try value("probe")
        kind = try value("kind")
        previous = try choice("previous", ["unknown", "ok", "degraded", "expired"])
        state = try choice("state", ["ok", "degraded", "expired"])
        severity = try choice("severity", ["info", "warning", "critical"])
        reminder = try value("reminder")
        resolved = try value("resolved")
        summary = try value("summary")
        remedy = keys.contains("remedy") ? try value("remedy", String.self) : nil
        details = try value("details")
        at = try timestamp("at")
        host = try value("host")
        test = try value("test")
        since = keys.contains("since") ? try timestamp("since") : nil
    }

    /// Decodes one event's JSON text.
    public static func decode(_ text: String) throws -> DocumentedEvent {
        try JSONDecoder().decode(DocumentedEvent.self, from: Data(text.utf8))
    }

    /// Each key present, with its value written out, for a key-by-key comparison.
    public var fields: [String: String] {
        var fields: [String: String] = [
            "version": "\(version)", "id": id, "fingerprint": fingerprint, "episode": "\(episode)",
            "transition": "\(transition)", "probe": probe, "kind": kind, "previous": previous, "state": state,
            "severity": severity, "reminder": "\(reminder)", "resolved": "\(resolved)", "summary": summary,
            "details": details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "at": at, "host": host, "test": "\(test)",
        ]
        if let remedy { fields["remedy"] = remedy }
        if let since { fields["since"] = since }
        return fields
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, checked character by character.
    public static func isTimestamp(_ text: String) -> Bool {
        let pattern = Array("dddd-dd-ddTdd:dd:ddZ")
        let characters = Array(text)
        guard characters.count == pattern.count else { return false }
        return zip(characters, pattern).allSatisfy { character, expected in
            expected == "d" ? character.isASCII && character.isNumber : character == expected
        }
    }

    /// A lower-case UUID, checked character by character (8-4-4-4-12 hexadecimal digits).
    public static func isLowercaseUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.joined().allSatisfy { "0123456789abcdef".contains($0) }
    }
}
