#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A device authorization the fake SSO OIDC started, as tests see it (no device code: tests act
/// on it by its user code, as a person would).
public struct FakeDeviceAuthorization: Sendable, Equatable {
    /// Where it stands.
    public enum Status: String, Sendable, Equatable {
        /// Nobody has acted on it yet.
        case pending
        /// Approved; the next `CreateToken` issues the token.
        case approved
        /// Denied; `CreateToken` answers `access_denied`.
        case denied
        /// Its token was issued; the device code is spent.
        case redeemed
    }

    /// The code the approval page shows.
    public var userCode: String
    /// The approval page with the code filled in.
    public var verificationURIComplete: String
    /// The client that started it.
    public var clientID: String
    /// The start URL it is for.
    public var startURL: String
    /// When it expires.
    public var expiresAt: Date
    /// The polling interval it announced, in seconds.
    public var interval: Int
    /// Where it stands.
    public var status: Status
    /// How many `CreateToken` polls it has had.
    public var polls: Int
}

/// A `RegisterClient` request as the fake received it, for assertions.
public struct FakeRegistrationRequest: Sendable, Equatable {
    /// `clientName`.
    public var clientName: String
    /// `clientType`.
    public var clientType: String
    /// `scopes`, empty when absent.
    public var scopes: [String]
    /// `grantTypes`, empty when absent.
    public var grantTypes: [String]
}

/// The fake's record of a device authorization.
struct DeviceAuthorizationRecord {
    var public_: FakeDeviceAuthorization
    var deviceCode: String
    var lastPollAt: Date?
    var forcedSlowDowns = 0
}

extension FakeAWS {
    /// The device authorizations started so far, oldest first.
    public var deviceAuthorizations: [FakeDeviceAuthorization] {
        core.ledger.withLock { $0.deviceAuthorizations.map(\.public_) }
    }

    /// How many `StartDeviceAuthorization` requests arrived (faulted ones included).
    public var deviceAuthorizationRequestCount: Int { requestCount("StartDeviceAuthorization") }
    /// How many `RegisterClient` requests arrived (faulted ones included).
    public var registerClientRequestCount: Int { requestCount("RegisterClient") }

    /// The `RegisterClient` requests served, oldest first.
    public var registrationRequests: [FakeRegistrationRequest] {
        core.ledger.withLock { $0.registrationRequests }
    }

    /// Approves the authorization showing `userCode`, as the person who opens the link does;
    /// `false` when there is no pending one.
    @discardableResult
    public func approve(userCode: String) -> Bool { setStatus(.approved, userCode: userCode) }

    /// Denies the authorization showing `userCode`; `false` when there is no pending one.
    @discardableResult
    public func deny(userCode: String) -> Bool { setStatus(.denied, userCode: userCode) }

    /// Lets the authorization showing `userCode` expire now.
    public func expire(userCode: String) {
        let now = core.configuration.now()
        core.ledger.withLock { ledger in
            for index in ledger.deviceAuthorizations.indices
            where ledger.deviceAuthorizations[index].public_.userCode == userCode {
                ledger.deviceAuthorizations[index].public_.expiresAt = now
            }
        }
    }

    /// Makes the next `count` polls of the authorization showing `userCode` answer `slow_down`.
    public func slowDown(userCode: String, times count: Int = 1) {
        core.ledger.withLock { ledger in
            for index in ledger.deviceAuthorizations.indices
            where ledger.deviceAuthorizations[index].public_.userCode == userCode {
                ledger.deviceAuthorizations[index].forcedSlowDowns += count
            }
        }
    }

    /// Waits until a device authorization has started (`count` of them); `nil` if `timeout` passes.
    public func waitForDeviceAuthorization(
        count: Int = 1, timeout: Duration = .seconds(10)
    ) async -> FakeDeviceAuthorization? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let started = deviceAuthorizations
            if started.count >= count { return started[count - 1] }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func setStatus(_ status: FakeDeviceAuthorization.Status, userCode: String) -> Bool {
        core.ledger.withLock { ledger in
            guard
                let index = ledger.deviceAuthorizations.firstIndex(where: {
                    $0.public_.userCode == userCode && $0.public_.status == .pending
                })
            else { return false }
            ledger.deviceAuthorizations[index].public_.status = status
            return true
        }
    }
}

extension FakeAWS {
    /// Every secret the fake has issued or been given: device codes, client secrets, access and
    /// refresh tokens, role secret keys. Leak tests look for them in whatever a program wrote.
    public var issuedSecrets: [String] {
        core.ledger.withLock { ledger in
            ledger.deviceAuthorizations.map(\.deviceCode) + ledger.clients.values.map(\.secret)
                + Array(ledger.accessTokens.keys) + Array(ledger.refreshTokens.keys)
                + ledger.roleCredentials.values.flatMap { [$0.secretAccessKey, $0.sessionToken] }
        }
    }
}
