import Foundation
import InMemoryLogging
import Logging
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit
import Synchronization

@testable import SSOHealingAWSSSO

/// A wall clock that tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }
    var function: @Sendable () -> Date { { self.now } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Values planted in a session so tests can look for them everywhere the probe writes.
struct SeededSecrets {
    var accessToken = "aoaSEEDEDACCESSTOKEN0123456789abcdefghijklmnop"
    var refreshToken = "aorSEEDEDREFRESHTOKEN0123456789abcdefghijklmnopqrstuvwxyz"
    var clientSecret = "SEEDEDCLIENTSECRET0123456789abcdefghijklmnopqrstuvwxyz"
    var roleSecretKey = "SEEDEDROLESECRETKEY0123456789abcdefghij"

    var all: [String] { [accessToken, refreshToken, clientSecret, roleSecretKey] }
}

/// A fake AWS, a temporary HOME with a profile pointing at it, a logged-in session in the token
/// cache, and a state directory: what one probe test needs.
struct SessionHarness {
    let directory: TemporaryDirectory
    let aws: FakeAWS
    var setup: FakeAWSProfile
    let client: FakeClientRegistration
    let session: FakeSSOSession
    let secrets: SeededSecrets
    let logs = InMemoryLogHandler()

    var stateDirectory: String { directory.file("state") }
    var home: String { directory.file("home") }

    /// Starts the fake and writes config and cache; the cache's access token expires in
    /// `accessTokenExpiresIn` seconds (negative: already expired).
    init(
        endpoints: FakeAWSProfile.Endpoints = .environment, legacy: Bool = false,
        configuration: FakeAWS.Configuration = FakeAWS.Configuration(), accessTokenExpiresIn: TimeInterval = 3600,
        registrationExpiresIn: TimeInterval = 60 * 86_400, includeRefresh: Bool = true, now: Date = Date(),
        otherProfiles: [FakeAWSProfile.OtherProfile] = []
    ) throws {
        directory = try TemporaryDirectory(prefix: "sso-aws-test")
        let secrets = SeededSecrets()
        var configuration = configuration
        configuration.roleSecretAccessKey = secrets.roleSecretKey
        aws = try FakeAWS(configuration: configuration)
        setup = FakeAWSProfile(home: directory.file("home"), endpoints: endpoints, legacy: legacy)
        setup.otherProfiles = otherProfiles
        client = aws.registerClient(
            secret: secrets.clientSecret, expiresAt: now.addingTimeInterval(registrationExpiresIn))
        session = aws.startSession(
            client: client, accessToken: secrets.accessToken, refreshToken: secrets.refreshToken,
            accessTokenExpiresAt: now.addingTimeInterval(accessTokenExpiresIn))
        self.secrets = secrets
        for assignment in setup.assignments { aws.assignRole(assignment) }
        try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
        try setup.writeConfig(for: aws)
        try setup.writeTokenCache(session, includeRefresh: includeRefresh)
    }

    /// The environment the probe (or the CLI) runs with.
    var environment: [String: String] { setup.environment(for: aws) }

    /// The environment for the real AWS CLI: no retries, so failures are quick.
    var cliEnvironment: [String: String] {
        var environment = environment
        environment["AWS_MAX_ATTEMPTS"] = "1"
        environment["AWS_RETRY_MODE"] = "standard"
        return environment
    }

    /// A logger that records into `logs` at debug level.
    var logger: Logger {
        let handler = logs
        var logger = Logger(label: "aws-sso-test") { _ in handler }
        logger.logLevel = .debug
        return logger
    }

    /// A probe for the harness's profile.
    func probe(
        _ settings: AWSSSOProbe.Settings = AWSSSOProbe.Settings(), now: @escaping @Sendable () -> Date = { Date() },
        environment: [String: String]? = nil
    ) -> some Probe {
        var settings = settings
        if settings.profile == nil { settings.profile = setup.profile }
        var environment = environment ?? self.environment
        if settings.mode == .cli {
            environment.merge(cliEnvironment) { _, cli in cli }
            if settings.awsCLI == "aws" { settings.awsCLI = AWSCLI.path }
        }
        return AWSSSOProbe.make(
            settings: settings, environment: environment, stateDirectory: stateDirectory, logger: logger, now: now)
    }

    /// The token cache as it is now.
    var cache: TokenCache { TokenCache(path: setup.cachePath) }

    /// The cached token, or `nil` when the file does not parse.
    func cachedToken() -> SSOToken? {
        if case .token(let token, _) = cache.readOnce() { return token }
        return nil
    }

    /// Rewrites the cache with the current tokens but an access token expiring in `seconds`.
    func setCachedExpiry(in seconds: TimeInterval, now: Date = Date()) throws {
        guard var token = cachedToken() else { throw HarnessError("the cache does not parse") }
        token.set("expiresAt", .string(Timestamp.string(now.addingTimeInterval(seconds))))
        try cache.write(token)
    }

    /// The text of the cache file.
    func cacheText() -> String { (try? String(contentsOfFile: setup.cachePath, encoding: .utf8)) ?? "" }

    func remove() {
        aws.stop()
        directory.remove()
    }
}

/// A harness step failed.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
