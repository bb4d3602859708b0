/// How findings name what they are about: the SSO session and the profiles on it, as in
/// "SSO session corp expired (profiles dev, prod): …".
struct SessionSubject: Sendable, Equatable {
    /// The session's name, or a legacy profile's start URL.
    var name: String
    /// The profiles watched on it.
    var profiles: [String]

    /// How many profile names a sentence lists before it counts the rest.
    static let listedProfiles = 8

    /// "SSO session corp `state` (profiles a, b)".
    func sentence(_ state: String) -> String { "SSO session \(name) \(state)" + profileSuffix }

    /// " (profile a)", " (profiles a, b, c)", or " (profiles a, …, h and 42 more)".
    var profileSuffix: String {
        switch profiles.count {
        case 0: return ""
        case 1: return " (profile \(profiles[0]))"
        case ...Self.listedProfiles: return " (profiles \(profiles.joined(separator: ", ")))"
        default:
            let shown = profiles.prefix(Self.listedProfiles).joined(separator: ", ")
            return " (profiles \(shown) and \(profiles.count - Self.listedProfiles) more)"
        }
    }
}
