import SSOHealingCore

/// The JSON ntfy's publish API takes for one event: topic, title, message, priority and tags.
public enum NtfyMessage {
    /// The longest message body sent, in UTF-8 bytes: ntfy's default limit is 4096.
    public static let maxMessageBytes = 4000

    /// The publish payload for `event`.
    public static func payload(for event: AlertEvent, topic: String, extraTags: [String] = []) -> JSONValue {
        .object([
            ("topic", .string(topic)),
            ("title", .string(title(for: event))),
            ("message", .string(message(for: event))),
            ("priority", .int(priority(for: event))),
            ("tags", .array((tags(for: event) + extraTags).map(JSONValue.string))),
        ])
    }

    /// `EXPIRED prod (aws-sso)`, `reminder 2: …`, `resolved: …`, `test: …`.
    public static func title(for event: AlertEvent) -> String {
        var title = "\(event.state.rawValue.uppercased()) \(event.probe) (\(event.kind))"
        if event.resolved { title = "resolved: " + title }
        if event.reminder > 0 { title = "reminder \(event.reminder): " + title }
        if event.test { title = "test: " + title }
        return title
    }

    /// The summary, the remedy and the host, cut to ``maxMessageBytes``.
    public static func message(for event: AlertEvent) -> String {
        var lines = [event.summary]
        if let remedy = event.remedy, !event.resolved { lines.append("Fix: \(remedy)") }
        lines.append("probe \(event.probe) on \(event.host)")
        return truncated(lines.joined(separator: "\n"), toBytes: maxMessageBytes)
    }

    /// ntfy priorities: 5 urgent for critical, 4 high for warning, 3 default otherwise.
    public static func priority(for event: AlertEvent) -> Int64 {
        if event.resolved || event.test { return 3 }
        switch event.severity {
        case .critical: return 5
        case .warning: return 4
        case .info: return 3
        }
    }

    /// Emoji short codes ntfy shows before the title.
    public static func tags(for event: AlertEvent) -> [String] {
        var tags: [String]
        if event.resolved {
            tags = ["white_check_mark"]
        } else {
            switch event.severity {
            case .critical: tags = ["rotating_light"]
            case .warning: tags = ["warning"]
            case .info: tags = ["information_source"]
            }
        }
        if event.test { tags.append("test_tube") }
        return tags
    }

    private static func truncated(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            if bytes + size > limit - 3 { break }
            result.append(character)
            bytes += size
        }
        return result + "…"
    }
}
