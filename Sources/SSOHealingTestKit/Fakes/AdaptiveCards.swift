import SSOHealingCore

/// Checks a Teams message with Adaptive Card attachments the way the Workflows "Post card in a
/// chat or channel" step does, and reads the text people see.
///
/// It knows the card elements `TextBlock`, `FactSet`, `Container` and `ColumnSet`/`Column`,
/// and the action `Action.OpenUrl`, with the properties and values schema 1.5 defines for them;
/// anything else is refused, so that nobody takes it for verified.
public enum AdaptiveCards {
    /// The content type of an Adaptive Card attachment.
    public static let contentType = "application/vnd.microsoft.card.adaptive"
    /// The newest schema version Teams renders.
    public static let newestVersion = (major: 1, minor: 5)
    /// Teams's limit for a message, in bytes.
    public static let maxMessageBytes = 28 * 1024

    /// Why a card is refused.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// A card as posted.
    public struct Card: Sendable {
        /// The card's `content`.
        public var content: JSONValue
        /// Its schema version, such as `1.4`.
        public var version: String
        /// What people see: each text block's text, each fact as `title: value`, each action as
        /// `[title](url)`, one a line.
        public var visibleText: String
        /// The URLs of its `Action.OpenUrl` buttons.
        public var openURLs: [String]
    }

    /// The cards of `message` (the body a workflow received), or the problem that fails the run.
    public static func cards(in message: JSONValue, size: Int) -> Result<[Card], Problem> {
        guard size <= maxMessageBytes else {
            return .failure(Problem("the message is \(size) bytes, more than Teams's 28 KB (RequestEntityTooLarge)"))
        }
        guard let attachments = message["attachments"]?.arrayValue, !attachments.isEmpty else {
            return .failure(Problem("the message has no attachments to post"))
        }
        var cards: [Card] = []
        for attachment in attachments {
            guard attachment["contentType"]?.stringValue == contentType else {
                return .failure(Problem("an attachment is not an Adaptive Card (contentType \(contentType))"))
            }
            guard let content = attachment["content"] else { return .failure(Problem("an attachment has no content")) }
            switch card(content) {
            case .success(let card): cards.append(card)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(cards)
    }

    /// One card's `content`, checked.
    public static func card(_ content: JSONValue) -> Result<Card, Problem> {
        guard content["type"]?.stringValue == "AdaptiveCard" else {
            return .failure(Problem("the content's type is not \"AdaptiveCard\""))
        }
        guard let version = content["version"]?.stringValue else {
            return .failure(Problem("the card has no \"version\""))
        }
        let parts = version.split(separator: ".").map { Int($0) }
        guard parts.count == 2, let major = parts[0], let minor = parts[1], major == 1,
            minor <= newestVersion.minor
        else {
            return .failure(Problem("the card's version \(version) is not one Teams renders (1.0 to 1.5)"))
        }
        var lines: [String] = []
        var urls: [String] = []
        if let body = content["body"] {
            guard let elements = body.arrayValue else { return .failure(Problem("\"body\" is not an array")) }
            for element in elements {
                if let problem = check(element, into: &lines) { return .failure(problem) }
            }
        }
        if let actions = content["actions"] {
            guard let array = actions.arrayValue else { return .failure(Problem("\"actions\" is not an array")) }
            for action in array {
                guard action["type"]?.stringValue == "Action.OpenUrl" else {
                    return .failure(Problem("unknown action type \(action["type"]?.serialized() ?? "none")"))
                }
                guard let url = action["url"]?.stringValue, isAbsoluteURL(url) else {
                    return .failure(Problem("an Action.OpenUrl has no absolute \"url\""))
                }
                if let title = action["title"], title.stringValue == nil {
                    return .failure(Problem("an action's \"title\" is not a string"))
                }
                urls.append(url)
                lines.append("[\(action["title"]?.stringValue ?? "")](\(url))")
            }
        }
        return .success(
            Card(content: content, version: version, visibleText: lines.joined(separator: "\n"), openURLs: urls))
    }

    private static let enumerations: [String: Set<String>] = [
        "size": ["Default", "Small", "Medium", "Large", "ExtraLarge"],
        "weight": ["Default", "Lighter", "Bolder"],
        "color": ["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"],
        "fontType": ["Default", "Monospace"],
        "spacing": ["None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"],
        "horizontalAlignment": ["Left", "Center", "Right"],
        "style": ["default", "heading", "emphasis", "good", "attention", "warning", "accent"],
    ]

    private static func check(_ element: JSONValue, into lines: inout [String]) -> Problem? {
        guard let type = element["type"]?.stringValue else { return Problem("an element has no \"type\"") }
        if case .object(let pairs) = element {
            for (key, value) in pairs {
                if let allowed = enumerations[key], !(value.stringValue.map(allowed.contains) ?? false) {
                    return Problem("\(type): \"\(key)\" is \(value.serialized()), not one of \(allowed.sorted())")
                }
                if ["wrap", "isSubtle", "separator", "isVisible"].contains(key), value.boolValue == nil {
                    return Problem("\(type): \"\(key)\" is not a boolean")
                }
            }
        }
        switch type {
        case "TextBlock":
            guard let text = element["text"]?.stringValue else { return Problem("a TextBlock has no \"text\" string") }
            lines.append(text)
        case "FactSet":
            guard let facts = element["facts"]?.arrayValue, !facts.isEmpty else {
                return Problem("a FactSet has no \"facts\"")
            }
            for fact in facts {
                guard let title = fact["title"]?.stringValue, let value = fact["value"]?.stringValue else {
                    return Problem("a fact lacks a \"title\" or \"value\" string")
                }
                lines.append("\(title): \(value)")
            }
        case "Container", "Column":
            guard let items = element["items"]?.arrayValue else { return Problem("a \(type) has no \"items\"") }
            for item in items {
                if let problem = check(item, into: &lines) { return problem }
            }
        case "ColumnSet":
            for column in element["columns"]?.arrayValue ?? [] {
                if let problem = check(column, into: &lines) { return problem }
            }
        default:
            return Problem("unknown element type \"\(type)\"")
        }
        return nil
    }

    private static func isAbsoluteURL(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
            && url.count > scheme.count + 1 && !url.contains(where: \.isWhitespace)
    }
}
