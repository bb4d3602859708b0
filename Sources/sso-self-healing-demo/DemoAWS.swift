import SSOHealingAWSFakes
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The demo's simulated AWS: SSO OIDC, the SSO portal and STS on loopback, two profiles (two
/// accounts) on one logged-in SSO session in a temporary HOME, and a timeline that ends the session and logs in again.
struct DemoAWS: Sendable {
    let aws: FakeAWS
    let profile: FakeAWSProfile
    let client: FakeClientRegistration
    let first: FakeSSOSession

    /// Starts the fake endpoints and writes `~/.aws/config` and the token cache under `home`.
    init(home: String) throws {
        aws = try FakeAWS(configuration: FakeAWS.Configuration(accessTokenLifetime: .seconds(3600)))
        var profile = FakeAWSProfile(
            home: home, profile: "demo", sessionName: "demo-sso", startURL: "https://d-0000demo00.awsapps.com/start",
            endpoints: .servicesSection)
        profile.otherProfiles = [
            FakeAWSProfile.OtherProfile(name: "demo-admin", accountID: "444455556666", roleName: "DemoAdmin")
        ]
        self.profile = profile
        client = aws.registerClient()
        // The cached access token is 10 minutes from its end: the probe refreshes it at once.
        first = aws.startSession(client: client, accessTokenExpiresAt: Date().addingTimeInterval(600))
        for assignment in profile.assignments { aws.assignRole(assignment) }
        try profile.writeConfig(for: aws)
        try profile.writeTokenCache(first)
    }

    /// The environment the daemon runs with: HOME and the AWS config of the demo.
    func environment(base: [String: String]) -> [String: String] {
        profile.environment(for: aws, base: base)
    }

    /// The `[probe.demo]` table for the demo's configuration.
    var probeTable: String {
        """
        # An AWS SSO session and both its profiles (demo, demo-admin), refreshed natively through
        # SSO OIDC once per cycle, each profile's role checked with the SSO portal; here against the
        # demo's simulated endpoints (see ~/.aws/config in the demo's HOME). One alert per change.
        [probe.demo]
        type = "aws-sso"
        sso_session = "\(profile.sessionName)"
        mode = "native"
        session_lifetime = "90d"
        failure_threshold = 1
        """
    }

    /// Ends the session after `endAfter` (as an administrator, or the session duration, would),
    /// then, after `loginAfter` more, logs in again (as a person running `aws sso login` would).
    func runTimeline(endAfter: Duration, loginAfter: Duration, say: @Sendable (String) -> Void) async {
        do {
            try await Task.sleep(for: endAfter)
            endSession(say: say)
            try await Task.sleep(for: loginAfter)
            try logIn(say: say)
        } catch {}
    }

    /// Ends the session (its refresh token stops working).
    func endSession(say: (String) -> Void) {
        say("demo: the Identity Center session ends (its refresh token stops working)")
        aws.endSession(first)
    }

    /// Logs in again: a new session in the token cache.
    func logIn(say: (String) -> Void) throws {
        say(
            "demo: someone runs `aws sso login --sso-session \(profile.sessionName)`: a new session is written "
                + "to the token cache")
        let renewed = aws.startSession(client: client)
        try profile.writeTokenCache(renewed)
    }

    func stop() { aws.stop() }
}
