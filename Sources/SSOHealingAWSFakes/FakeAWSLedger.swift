#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A client registration, as SSO OIDC `RegisterClient` returns it.
public struct FakeClientRegistration: Sendable, Equatable {
    /// The client id.
    public var id: String
    /// The client secret.
    public var secret: String
    /// When the registration ends.
    public var expiresAt: Date

    /// Creates a registration value.
    public init(id: String, secret: String, expiresAt: Date) {
        self.id = id
        self.secret = secret
        self.expiresAt = expiresAt
    }
}

/// An IAM Identity Center session the fake knows, with the tokens a login issued for it.
public struct FakeSSOSession: Sendable, Equatable {
    /// The fake's number for the session.
    public var id: Int
    /// The client the tokens were issued to.
    public var client: FakeClientRegistration
    /// The access token issued at login.
    public var accessToken: String
    /// When that access token expires.
    public var accessTokenExpiresAt: Date
    /// The refresh token issued at login.
    public var refreshToken: String
    /// When the session ends (refresh tokens stop working); `nil` for never.
    public var endsAt: Date?
}

/// A role assignment: a role a user may assume in an account.
public struct FakeRoleAssignment: Sendable, Hashable {
    /// The account id.
    public var accountID: String
    /// The role name.
    public var roleName: String

    /// Creates an assignment.
    public init(accountID: String, roleName: String) {
        self.accountID = accountID
        self.roleName = roleName
    }
}

/// Everything the fake services know, shared by them: registrations, sessions, the tokens and
/// role credentials issued, assignments, faults and counters.
struct FakeAWSLedger {
    struct RefreshTokenRecord {
        var sessionID: Int
        var clientID: String
        var valid: Bool
    }

    struct AccessTokenRecord {
        var sessionID: Int
        var expiresAt: Date
    }

    struct RoleCredentialRecord {
        var secretAccessKey: String
        var sessionToken: String
        var assignment: FakeRoleAssignment
        var expiresAt: Date
    }

    var clients: [String: FakeClientRegistration] = [:]
    var sessions: [Int: FakeSSOSession] = [:]
    var endedSessions: Set<Int> = []
    var refreshTokens: [String: RefreshTokenRecord] = [:]
    var accessTokens: [String: AccessTokenRecord] = [:]
    var roleCredentials: [String: RoleCredentialRecord] = [:]
    var assignments: Set<FakeRoleAssignment> = []
    var faults: [FakeService: FakeFault] = [:]
    var requestCounts: [String: Int] = [:]
    var nextSessionID = 1
    var deviceAuthorizations: [DeviceAuthorizationRecord] = []
    var registrationRequests: [FakeRegistrationRequest] = []
    /// The scopes each client registered with, by client id.
    var clientScopes: [String: [String]] = [:]

    /// Opens a session for `client` with the tokens its login issued.
    mutating func openSession(
        client: FakeClientRegistration, accessToken: String, accessTokenExpiresAt: Date, refreshToken: String,
        endsAt: Date?
    ) -> FakeSSOSession {
        let session = FakeSSOSession(
            id: nextSessionID, client: client, accessToken: accessToken, accessTokenExpiresAt: accessTokenExpiresAt,
            refreshToken: refreshToken, endsAt: endsAt)
        nextSessionID += 1
        clients[client.id] = client
        sessions[session.id] = session
        accessTokens[accessToken] = .init(sessionID: session.id, expiresAt: accessTokenExpiresAt)
        refreshTokens[refreshToken] = .init(sessionID: session.id, clientID: client.id, valid: true)
        return session
    }

    /// Whether `sessionID` is still live at `now`.
    func isLive(_ sessionID: Int, at now: Date) -> Bool {
        guard let session = sessions[sessionID], !endedSessions.contains(sessionID) else { return false }
        return session.endsAt.map { now < $0 } ?? true
    }
}

/// Random identifiers shaped like AWS's.
enum FakeIdentifier {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    /// `prefix` followed by `count` random letters and digits.
    static func token(_ prefix: String, count: Int = 40) -> String {
        prefix + String((0..<count).map { _ in alphanumerics.randomElement()! })
    }

    /// An access key id such as `ASIA` and 16 characters.
    static func accessKeyID() -> String {
        "ASIA" + String((0..<16).map { _ in upperAlphanumerics.randomElement()! })
    }

    /// A request id.
    static func requestID() -> String { UUID().uuidString.lowercased() }
}
