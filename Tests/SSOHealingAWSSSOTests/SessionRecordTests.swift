import Foundation
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSSSO

@Suite struct SessionRecordTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let identity = SessionChain.Identity(
        client: "c", startURL: "https://s", registrationExpiresAt: "2027-01-01T00:00:00Z")

    @Test func aSessionIsFirstSeenWhenItsFirstRefreshTokenIs() {
        var record = SessionRecord()
        let index = record.chain(for: "t1", identity: identity, now: start)
        #expect(record.chains[index].firstSeen == start)
        #expect(record.chains[index].id == "t1")
        #expect(record.chain(for: "t1", identity: identity, now: start.addingTimeInterval(600)) == index)
        #expect(record.chains[index].forecastEnd(lifetime: .seconds(8 * 3600)) == start.addingTimeInterval(8 * 3600))
    }

    @Test func ourRotationCarriesTheSessionEvenWithAnotherIdentity() {
        var record = SessionRecord()
        _ = record.chain(for: "t1", identity: identity, now: start)
        let other = SessionChain.Identity(client: "d", startURL: nil, registrationExpiresAt: nil)
        let index = record.chain(for: "t2", identity: other, rotatedFrom: "t1", now: start.addingTimeInterval(3600))
        #expect(record.chains.count == 1)
        #expect(record.chains[index].tokens == ["t1", "t2"])
        #expect(record.chains[index].firstSeen == start)
    }

    @Test func aRotationByTheCLIIsMatchedOnClientStartURLAndRegistration() {
        var record = SessionRecord()
        _ = record.chain(for: "t1", identity: identity, now: start)
        let index = record.chain(for: "t2", identity: identity, now: start.addingTimeInterval(3600))
        #expect(record.chains.count == 1 && record.chains[index].firstSeen == start)
        // Another registration is another session.
        var renewed = identity
        renewed.registrationExpiresAt = "2027-06-01T00:00:00Z"
        let fresh = record.chain(for: "t3", identity: renewed, now: start.addingTimeInterval(7200))
        #expect(record.chains.count == 2 && record.chains[fresh].firstSeen == start.addingTimeInterval(7200))
    }

    @Test func aLoginAfterTheSessionEndedStartsANewForecast() {
        var record = SessionRecord()
        _ = record.chain(for: "t1", identity: identity, now: start)
        record.markEnded(tokenKey: "t1")
        let index = record.chain(for: "t2", identity: identity, now: start.addingTimeInterval(9 * 3600))
        #expect(record.chains.count == 2)
        #expect(record.chains[index].firstSeen == start.addingTimeInterval(9 * 3600))
    }

    @Test func remembersABoundedNumberOfSessionsAndTokens() {
        var record = SessionRecord()
        for number in 0..<20 {
            var identity = identity
            identity.client = "client-\(number)"
            _ = record.chain(for: "session-\(number)", identity: identity, now: start)
        }
        #expect(record.chains.count == SessionRecord.maxChains)
        var index = record.chains.count - 1
        for number in 0..<20 {
            index = record.chain(
                for: "rotated-\(number)", identity: identity, rotatedFrom: record.chains[index].tokens.last, now: start)
        }
        #expect(record.chains[index].tokens.count == SessionRecord.maxTokensPerChain)
        #expect(record.chains[index].tokens.last == "rotated-19")
    }

    @Test func theStoreRoundTripsARecordAsAPrivateFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = SessionStateStore(stateDirectory: directory.path, cachePath: "/home/x/.aws/sso/cache/a.json")
        var record = SessionRecord()
        _ = record.chain(for: "t1", identity: identity, now: start)
        record.lastRefresh = start
        record.lastAttempt = RefreshAttempt(
            at: start, token: "t1", succeeded: false,
            failure: Finding(state: .degraded, summary: "s", remedy: "r"))
        try store.save(record)
        #expect(store.load() == record)
        #expect(FilePermissionsProbe.mode(of: store.path) == 0o600)
        #expect(FilePermissionsProbe.mode(of: store.directory) == 0o700)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: store.path))
        #expect(store.load() == SessionRecord(), "a damaged record is forgotten, not fatal")
    }

    @Test func theLockKeepsTwoChecksOfOneSessionApart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = SessionStateStore(stateDirectory: directory.path, cachePath: "/cache.json")
        let first = try #require(await store.lock(timeout: .seconds(1)))
        #expect(await store.lock(timeout: .milliseconds(100)) == nil)
        first.unlock()
        #expect(await store.lock(timeout: .seconds(1)) != nil)
    }

    @Test func refreshTokenKeysAreOneWay() {
        let key = TokenKey.refreshToken("aorSECRET")
        #expect(key.count == 40 && !key.contains("SECRET"))
        #expect(key != TokenKey.client("aorSECRET"))
    }
}
