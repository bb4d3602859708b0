import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// The healing step in process, against the fake's `RegisterClient`, `StartDeviceAuthorization`
/// and device-code `CreateToken`, on one manual clock shared by the probe and the fake.
@Suite struct DeviceAuthorizationTests {
    /// A harness whose session has ended on the service side and whose access token has expired.
    static func expiredSession(_ clock: ManualClock, lifetime: Duration = .seconds(600)) throws -> SessionHarness {
        let harness = try SessionHarness(
            configuration: FakeAWS.Configuration(now: clock.function, deviceAuthorizationLifetime: lifetime),
            accessTokenExpiresIn: -60, now: clock.now)
        harness.aws.endSession(harness.session)
        return harness
    }

    static func healer(_ harness: SessionHarness, _ clock: ManualClock) throws -> any HealingProbe {
        let probe = harness.probe(AWSSSOProbe.Settings(heal: .deviceCode), now: clock.function)
        return try #require(probe as? any HealingProbe)
    }

    @Test func pendingThenSlowDownThenApprovedWritesBothCachesAsTheCLIDoes() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let harness = try Self.expiredSession(clock)
        defer { harness.remove() }
        let healer = try Self.healer(harness, clock)
        #expect(healer.healsAutomatically)

        let expired = await healer.check()
        #expect(expired.state == .expired)
        #expect(expired.details[LoginLink.urlKey] == nil, "no link before one is asked for")

        guard case .pending(let link, let firstPoll) = await healer.startHealing() else {
            Issue.record("no pending authorization")
            return
        }
        let started = try #require(harness.aws.deviceAuthorizations.first)
        #expect(link.userCode == started.userCode && link.url == started.verificationURIComplete)
        #expect(link.expiresAt == clock.now.addingTimeInterval(600))
        #expect(firstPoll == clock.now.addingTimeInterval(1))
        #expect(harness.aws.registrationRequests.count == 1)
        let registration = try #require(harness.aws.registrationRequests.first)
        #expect(registration.clientType == "public" && registration.scopes == ["sso:account:access"])
        #expect(
            registration.grantTypes == ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"])

        // Asking again while it is pending reuses it.
        guard case .pending(let again, _) = await healer.startHealing() else {
            Issue.record("not pending")
            return
        }
        #expect(again == link && harness.aws.deviceAuthorizationRequestCount == 1)

        clock.advance(by: 1)
        #expect(await healer.continueHealing() == .pending(link, nextPollAt: clock.now.addingTimeInterval(1)))
        harness.aws.slowDown(userCode: link.userCode)
        clock.advance(by: 1)
        #expect(await healer.continueHealing() == .pending(link, nextPollAt: clock.now.addingTimeInterval(6)))
        #expect(harness.aws.deviceAuthorizations.first?.polls == 2)
        clock.advance(by: 3)
        _ = await healer.continueHealing()
        #expect(harness.aws.deviceAuthorizations.first?.polls == 2, "no poll before the slowed interval")

        // A check while pending polls too, and carries the link.
        let pending = await healer.check()
        #expect(pending.state == .expired && LoginLink(details: pending.details) == link)

        #expect(harness.aws.approve(userCode: link.userCode))
        clock.advance(by: 6)
        #expect(
            await healer.continueHealing()
                == .renewed("SSO session fake-session renewed by device authorization (profile fake)"))
        let renewed = await healer.check()
        #expect(renewed.state == .ok, "\(renewed.summary)")
        #expect(renewed.summary == "SSO session fake-session renewed by device authorization (profile fake)")
        #expect(await healer.check().summary.contains("is healthy"), "the renewal is reported once")

        // The token cache: the CLI's keys, in its order, its date format, 0600.
        let token = try #require(harness.cachedToken())
        let keys = [
            "startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt",
            "refreshToken",
        ]
        #expect(token.description == "SSOToken(keys: \(keys.joined(separator: ", ")))")
        #expect(token.string("expiresAt") == Timestamp.string(clock.now.addingTimeInterval(3600)))
        #expect(harness.aws.validAccessTokens.contains(token.accessToken ?? ""))
        #expect(harness.aws.isValidRefreshToken(token.refreshToken ?? ""))
        #expect(
            harness.cacheText().hasPrefix("{\"startUrl\": \"https://d-9067fake00.awsapps.com/start\", \"region\": "))
        #expect(FilePermissions.mode(of: harness.setup.cachePath) == 0o600)

        // The registration cache: botocore's file name, the CLI's keys.
        let key = try await Self.botocoreRegistrationKey(
            startURL: harness.setup.startURL, region: harness.setup.region, sessionName: harness.setup.sessionName,
            scopes: ["sso:account:access"])
        let registrationPath = harness.home + "/.aws/sso/cache/\(key).json"
        let text = try String(contentsOfFile: registrationPath, encoding: .utf8)
        let json = try #require(JSONValue.parse(text))
        #expect(
            json["clientId"]?.stringValue == token.clientID && json["clientSecret"]?.stringValue == token.clientSecret)
        #expect(json["expiresAt"]?.stringValue == token.registrationExpiresAtText)
        #expect(text.hasPrefix("{\"clientId\": ") && text.hasSuffix(", \"scopes\": [\"sso:account:access\"]}"))
        #expect(FilePermissions.mode(of: registrationPath) == 0o600)
        let state = harness.stateDirectory + "/aws-sso"
        let saved = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.hasSuffix(".json") }
        try #require(!saved.isEmpty, "the probe keeps what it knows of the session in \(state)")
        for file in saved {
            #expect(FilePermissions.mode(of: state + "/" + file) == 0o600)
            let text = try String(contentsOfFile: state + "/" + file, encoding: .utf8)
            for secret in harness.aws.issuedSecrets { #expect(!text.contains(secret), "a secret stays in \(file)") }
        }
    }

    @Test func pendingThenExpiredEndsItAndTheNextStartIsANewOne() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let harness = try Self.expiredSession(clock)
        defer { harness.remove() }
        let healer = try Self.healer(harness, clock)
        guard case .pending(let link, _) = await healer.startHealing() else {
            Issue.record("not pending")
            return
        }
        clock.advance(by: 1)
        #expect(await healer.continueHealing() == .pending(link, nextPollAt: clock.now.addingTimeInterval(1)))
        harness.aws.expire(userCode: link.userCode)
        clock.advance(by: 1)
        #expect(await healer.continueHealing() == .ended("the login link expired unapproved (expired_token)"))
        let result = await healer.check()
        #expect(result.state == .expired && LoginLink(details: result.details) == nil)
        #expect(harness.aws.deviceAuthorizationRequestCount == 1)
        guard case .pending(let next, _) = await healer.startHealing() else {
            Issue.record("not pending")
            return
        }
        #expect(next.userCode != link.userCode && harness.aws.deviceAuthorizationRequestCount == 2)
        #expect(harness.aws.registerClientRequestCount == 1, "the cached registration is reused")

        // Past its end, no request is needed to know it expired.
        clock.advance(by: 601)
        let polls = harness.aws.tokenRequestCount
        #expect(
            await healer.continueHealing() == .ended("the login link expired at \(Timestamp.string(next.expiresAt))"))
        #expect(harness.aws.tokenRequestCount == polls)
    }

    @Test func deniedEndsIt() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let harness = try Self.expiredSession(clock)
        defer { harness.remove() }
        let healer = try Self.healer(harness, clock)
        guard case .pending(let link, _) = await healer.startHealing() else {
            Issue.record("not pending")
            return
        }
        #expect(harness.aws.deny(userCode: link.userCode))
        clock.advance(by: 1)
        #expect(await healer.continueHealing() == .ended("the login was denied (access_denied)"))
        #expect(await healer.check().state == .expired)
        #expect(harness.cachedToken()?.accessToken == harness.secrets.accessToken, "the cache is untouched")
    }

    @Test func registrationCacheKeyMatchesBotocoreWithScopesAndWithout() async throws {
        let url = "https://d-9067fake00.awsapps.com/start#/é"
        for scopes in [nil, [], ["sso:account:access", "codewhisperer:completions"]] as [[String]?] {
            let ours = RegistrationCache.key(startURL: url, sessionName: "my-sso", region: "eu-west-1", scopes: scopes)
            let theirs = try await Self.botocoreRegistrationKey(
                startURL: url, region: "eu-west-1", sessionName: "my-sso", scopes: scopes)
            #expect(ours == theirs, "scopes \(String(describing: scopes))")
        }
        #expect(SSOProfile.parseScopes(" sso:account:access, ,x ") == ["sso:account:access", "x"])
    }

    /// The key botocore's `_registration_cache_key` computes, by Python itself.
    static func botocoreRegistrationKey(
        startURL: String, region: String, sessionName: String?, scopes: [String]? = nil
    ) async throws -> String {
        let script = """
            import hashlib, json, sys
            args = json.loads(sys.stdin.read())
            print(hashlib.sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest())
            """
        let input = JSONValue.object([
            ("tool", .string("botocore")), ("startUrl", .string(startURL)), ("region", .string(region)),
            ("scopes", scopes.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("session_name", sessionName.map(JSONValue.string) ?? .null),
        ]).serialized()
        let output = try await Python.run(script, stdin: input)
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A file's permission bits.
enum FilePermissions {
    static func mode(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }
    }
}
