import SSOHealingCore
import SSOHealingTestKit
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Faithful fakes of the AWS endpoints an IAM Identity Center session uses, each on its own
/// loopback port: SSO OIDC (`CreateToken` with the `refresh_token` grant, rotating refresh
/// tokens), the SSO portal (`GetRoleCredentials`, checking the bearer token against issued,
/// unexpired access tokens) and STS (`GetCallerIdentity` for SigV4-signed requests made with role
/// credentials the portal issued, answered in STS's XML). The AWS CLI accepts them when pointed
/// at them with `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL_STS` (or
/// a `[services]` section); ``FakeAWSProfile`` writes such a setup.
///
/// ```swift
/// let aws = try FakeAWS()
/// let session = aws.startSession(client: aws.registerClient())
/// aws.assignRole(FakeRoleAssignment(accountID: "111122223333", roleName: "Admin"))
/// aws.setFault(.rejectGrant, on: .oidc)   // the next refresh is refused with invalid_grant
/// ```
///
/// Each service can be switched to a ``FakeFault`` at run time. The fake counts requests per
/// operation (``tokenRequestCount`` for `/token`).
public final class FakeAWS: Sendable {
    /// How the fake behaves.
    public struct Configuration: Sendable {
        /// How long issued access tokens last (the service's `expiresIn`).
        public var accessTokenLifetime: Duration
        /// How long issued role credentials last.
        public var roleCredentialLifetime: Duration
        /// What a refresh does to the refresh token.
        public var refreshTokenRotation: RefreshTokenRotation
        /// The secret access key every role credential gets, or `nil` for random ones.
        public var roleSecretAccessKey: String?
        /// The user name in caller identities.
        public var userName: String
        /// The fake's wall clock.
        public var now: @Sendable () -> Date
        /// How long a device authorization lasts (`expiresIn`; the real service's is 10 minutes).
        public var deviceAuthorizationLifetime: Duration
        /// The polling interval device authorizations announce (`interval`), in seconds.
        public var deviceAuthorizationInterval: Int
        /// How long client registrations last.
        public var registrationLifetime: Duration
        /// The approval page device authorizations name (`verificationUri`); the link with the code
        /// filled in (`verificationUriComplete`) is it with `?user_code=CODE` added.
        public var verificationURI: String

        /// Creates a configuration; the defaults are the real service's.
        public init(
            accessTokenLifetime: Duration = .seconds(3600), roleCredentialLifetime: Duration = .seconds(3600),
            refreshTokenRotation: RefreshTokenRotation = .rotateAndRevoke, roleSecretAccessKey: String? = nil,
            userName: String = "fake-user", now: @escaping @Sendable () -> Date = { Date() },
            deviceAuthorizationLifetime: Duration = .seconds(600), deviceAuthorizationInterval: Int = 1,
            registrationLifetime: Duration = .seconds(90 * 86_400),
            verificationURI: String = "https://device.sso.us-east-1.amazonaws.com/"
        ) {
            self.verificationURI = verificationURI
            self.deviceAuthorizationLifetime = deviceAuthorizationLifetime
            self.deviceAuthorizationInterval = deviceAuthorizationInterval
            self.registrationLifetime = registrationLifetime
            self.accessTokenLifetime = accessTokenLifetime
            self.roleCredentialLifetime = roleCredentialLifetime
            self.refreshTokenRotation = refreshTokenRotation
            self.roleSecretAccessKey = roleSecretAccessKey
            self.userName = userName
            self.now = now
        }
    }

    /// What `CreateToken` does with refresh tokens.
    public enum RefreshTokenRotation: Sendable, Equatable {
        /// Returns a new refresh token; the one used stops working (a lost write loses the session).
        case rotateAndRevoke
        /// Returns a new refresh token; the one used keeps working.
        case rotateAndKeep
        /// Returns no refresh token; the one used keeps working.
        case none
    }

    let core: FakeAWSCore
    private let endpoints: [FakeService: FakeEndpoint]

    /// Starts the three services on free loopback ports.
    public init(configuration: Configuration = Configuration()) throws {
        let core = FakeAWSCore(configuration: configuration)
        self.core = core
        let oidc = FakeSSOOIDC(core: core)
        let portal = FakeSSOPortal(core: core)
        let sts = FakeSTS(core: core)
        endpoints = [
            .oidc: try FakeEndpoint { request in core.serve(request, on: .oidc, with: oidc.handle) },
            .portal: try FakeEndpoint { request in core.serve(request, on: .portal, with: portal.handle) },
            .sts: try FakeEndpoint { request in core.serve(request, on: .sts, with: sts.handle) },
        ]
    }

    deinit {
        for endpoint in endpoints.values { endpoint.stop() }
    }

    /// The base URL of `service`, such as `http://127.0.0.1:50123`.
    public func url(of service: FakeService) -> String { endpoints[service]!.baseURL }

    /// SSO OIDC's base URL.
    public var oidcURL: String { url(of: .oidc) }
    /// The SSO portal's base URL.
    public var portalURL: String { url(of: .portal) }
    /// STS's base URL.
    public var stsURL: String { url(of: .sts) }

    /// Stops every service.
    public func stop() {
        for endpoint in endpoints.values { endpoint.stop() }
    }

    /// Switches `service` to `fault`, or back to normal with `nil`. `.stopped` stops its server;
    /// leaving it starts the server again on the same port.
    public func setFault(_ fault: FakeFault?, on service: FakeService) {
        core.ledger.withLock { $0.faults[service] = fault }
        let endpoint = endpoints[service]!
        if fault == .stopped {
            endpoint.stop()
        } else {
            try? endpoint.start()
        }
    }

    /// Switches every service back to normal.
    public func clearFaults() {
        for service in FakeService.allCases { setFault(nil, on: service) }
    }

    /// The fault `service` is switched to.
    public func fault(on service: FakeService) -> FakeFault? { core.ledger.withLock { $0.faults[service] } }

    /// Registers a client (as `RegisterClient` would), with the given or random credentials,
    /// lasting 90 days unless `expiresAt` says otherwise.
    @discardableResult
    public func registerClient(
        id: String? = nil, secret: String? = nil, expiresAt: Date? = nil
    ) -> FakeClientRegistration {
        let now = core.configuration.now()
        let client = FakeClientRegistration(
            id: id ?? FakeIdentifier.token("fakeClient", count: 22),
            secret: secret ?? FakeIdentifier.token("fakeSecret", count: 60),
            expiresAt: expiresAt ?? now.addingTimeInterval(90 * 86_400))
        core.ledger.withLock { $0.clients[client.id] = client }
        return client
    }

    /// Starts a session for `client`, as a completed device authorization would, and returns the
    /// tokens its login issued (given or random). The access token expires at
    /// `accessTokenExpiresAt` (default: after the configured lifetime); the session ends at
    /// `endsAt` (default: never).
    @discardableResult
    public func startSession(
        client: FakeClientRegistration, accessToken: String? = nil, refreshToken: String? = nil,
        accessTokenExpiresAt: Date? = nil, endsAt: Date? = nil
    ) -> FakeSSOSession {
        let now = core.configuration.now()
        return core.ledger.withLock { ledger in
            ledger.openSession(
                client: client, accessToken: accessToken ?? FakeIdentifier.token("aoa"),
                accessTokenExpiresAt: accessTokenExpiresAt
                    ?? now.addingTimeInterval(core.configuration.accessTokenLifetime.secondsValue),
                refreshToken: refreshToken ?? FakeIdentifier.token("aor", count: 60), endsAt: endsAt)
        }
    }

    /// Ends `session` on the service side (an administrator's revocation, or the session duration
    /// passing): its refresh and access tokens stop working.
    public func endSession(_ session: FakeSSOSession) {
        _ = core.ledger.withLock { $0.endedSessions.insert(session.id) }
    }

    /// Ends every session still live (as ``endSession(_:)`` does each) and returns them, oldest first.
    @discardableResult
    public func endLiveSessions() -> [FakeSSOSession] {
        let now = core.configuration.now()
        return core.ledger.withLock { ledger in
            let live = ledger.sessions.values.filter { ledger.isLive($0.id, at: now) }.sorted { $0.id < $1.id }
            for session in live { ledger.endedSessions.insert(session.id) }
            return live
        }
    }

    /// The sessions still live (not ended, not past their end), oldest first.
    public var liveSessions: [FakeSSOSession] {
        let now = core.configuration.now()
        return core.ledger.withLock { ledger in
            ledger.sessions.values.filter { ledger.isLive($0.id, at: now) }.sorted { $0.id < $1.id }
        }
    }

    /// Makes every access token issued so far expire now (refresh tokens keep working).
    public func expireAccessTokens() {
        let now = core.configuration.now()
        core.ledger.withLock { ledger in
            for key in ledger.accessTokens.keys { ledger.accessTokens[key]?.expiresAt = now }
        }
    }

    /// Lets the session's user assume `assignment`.
    public func assignRole(_ assignment: FakeRoleAssignment) {
        _ = core.ledger.withLock { $0.assignments.insert(assignment) }
    }

    /// Takes `assignment` away.
    public func unassignRole(_ assignment: FakeRoleAssignment) {
        _ = core.ledger.withLock { $0.assignments.remove(assignment) }
    }

    /// How many requests reached SSO OIDC's `/token` (every one, faulted ones included).
    public var tokenRequestCount: Int { requestCount("CreateToken") }
    /// How many requests reached the portal's `/federation/credentials`.
    public var roleCredentialRequestCount: Int { requestCount("GetRoleCredentials") }
    /// How many requests reached STS.
    public var callerIdentityRequestCount: Int { requestCount("GetCallerIdentity") }

    /// How many requests for `operation` arrived.
    public func requestCount(_ operation: String) -> Int { core.ledger.withLock { $0.requestCounts[operation] ?? 0 } }

    /// Waits until at least `count` requests for `operation` have arrived; `false` if `timeout` passes first.
    public func waitForRequests(_ operation: String, count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while requestCount(operation) < count {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// The access tokens issued so far that are still valid.
    public var validAccessTokens: [String] {
        let now = core.configuration.now()
        return core.ledger.withLock { ledger in
            ledger.accessTokens.filter { $0.value.expiresAt > now && ledger.isLive($0.value.sessionID, at: now) }.map(
                \.key)
        }
    }

    /// Whether `refreshToken` would be accepted now.
    public func isValidRefreshToken(_ refreshToken: String) -> Bool {
        let now = core.configuration.now()
        return core.ledger.withLock { ledger in
            guard let record = ledger.refreshTokens[refreshToken], record.valid else { return false }
            return ledger.isLive(record.sessionID, at: now)
        }
    }
}

/// The fake's shared state and the request path common to all services: counting, faults.
final class FakeAWSCore: Sendable {
    let configuration: FakeAWS.Configuration
    let ledger = Mutex(FakeAWSLedger())

    init(configuration: FakeAWS.Configuration) {
        self.configuration = configuration
    }

    /// Answers `request` on `service`: the fault's reply when one is set, else `handler`'s.
    func serve(
        _ request: RecordedRequest, on service: FakeService,
        with handler: (RecordedRequest) -> LoopbackHTTPServer.Reply
    ) -> LoopbackHTTPServer.Reply {
        let operation = Self.operation(of: request, on: service)
        let fault = ledger.withLock { ledger -> FakeFault? in
            ledger.requestCounts[operation, default: 0] += 1
            return ledger.faults[service]
        }
        switch fault {
        case nil, .stopped:
            return handler(request)
        case .slow(let duration):
            return .delay(duration, then: handler(request))
        case .dropConnection:
            return .dropConnection
        case let fault?:
            return FakeErrorReply.reply(for: fault, on: service)
        }
    }

    private static func operation(of request: RecordedRequest, on service: FakeService) -> String {
        switch service {
        case .oidc:
            switch request.pathWithoutQuery {
            case "/token": "CreateToken"
            case "/client/register": "RegisterClient"
            case "/device_authorization": "StartDeviceAuthorization"
            default: "OIDC " + request.pathWithoutQuery
            }
        case .portal:
            request.pathWithoutQuery == "/federation/credentials"
                ? "GetRoleCredentials" : "SSO " + request.pathWithoutQuery
        case .sts:
            request.formItems.first { $0.name == "Action" }?.value ?? "STS"
        }
    }
}
