import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSSSO

@Suite struct TokenCacheTests {
    static let cliText = """
        {"startUrl": "https://d-123.awsapps.com/start", "region": "us-east-1", "accessToken": "aoaOLD", \
        "expiresAt": "2026-11-27T15:04:05Z", "clientId": "client", "clientSecret": "secret", \
        "registrationExpiresAt": "2027-02-25T15:04:05Z", "refreshToken": "aorOLD", "futureKey": {"nested": [1, 2.5, true]}}
        """

    @Test(arguments: [
        ("2026-11-27T15:04:05Z", 1_795_791_845.0), ("2026-11-27T15:04:05UTC", 1_795_791_845.0),
        ("2026-11-27T15:04:05+00:00", 1_795_791_845.0), ("2026-11-27T15:04:05.250Z", 1_795_791_845.25),
        ("2026-11-27T17:04:05+02:00", 1_795_791_845.0), ("2026-11-27T10:04:05-0500", 1_795_791_845.0),
    ])
    func readsTheDateFormsCLIsHaveWritten(text: String, seconds: Double) {
        #expect(CacheDate.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test func writesDatesAsTheCLIDoes() {
        #expect(CacheDate.string(Date(timeIntervalSince1970: 1_795_791_845.9)) == "2026-11-27T15:04:05Z")
        #expect(CacheDate.parse("27/11/2026") == nil)
    }

    @Test func readsATokenWithEitherDateForm() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (index, suffix) in ["Z", "UTC"].enumerated() {
            let path = try directory.write(
                "cache-\(index).json", #"{"accessToken": "a", "expiresAt": "2026-11-27T15:04:05\#(suffix)"}"#)
            guard case .token(let token, let modified) = await TokenCache(path: path).read() else {
                Issue.record("the \(suffix) form did not read")
                continue
            }
            #expect(token.expiresAt?.timeIntervalSince1970 == 1_795_791_845)
            #expect(modified != nil)
        }
    }

    @Test func aRefreshKeepsEveryKeyInOrderAndStoresTheRotatedRefreshToken() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = TokenCache(path: try directory.write("cache.json", Self.cliText, mode: 0o644))
        guard case .token(let token, _) = await cache.read() else { throw HarnessError("no token") }
        let expiry = Date(timeIntervalSince1970: 1_800_000_000)
        try cache.write(token.refreshed(accessToken: "aoaNEW", expiresAt: expiry, refreshToken: "aorNEW"))

        let written = try #require(JSONValue.parse(try String(contentsOfFile: cache.path, encoding: .utf8)))
        guard case .object(let fields) = written else { throw HarnessError("not an object") }
        #expect(
            fields.map(\.0) == [
                "startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt",
                "refreshToken", "futureKey",
            ])
        #expect(written["accessToken"]?.stringValue == "aoaNEW")
        #expect(written["expiresAt"]?.stringValue == "2027-01-15T08:00:00Z")
        #expect(written["refreshToken"]?.stringValue == "aorNEW")
        #expect(written["registrationExpiresAt"]?.stringValue == "2027-02-25T15:04:05Z")
        #expect(written["futureKey"] == JSONValue.parse(#"{"nested": [1, 2.5, true]}"#))
        #expect(FilePermissionsProbe.mode(of: cache.path) == 0o600)
    }

    @Test func aRefreshWithoutARotatedTokenKeepsTheOldOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = TokenCache(path: try directory.write("cache.json", Self.cliText))
        guard case .token(let token, _) = await cache.read() else { throw HarnessError("no token") }
        try cache.write(token.refreshed(accessToken: "aoaNEW", expiresAt: Date(), refreshToken: nil))
        guard case .token(let written, _) = await cache.read() else { throw HarnessError("no token") }
        #expect(written.refreshToken == "aorOLD")
        #expect(written.accessToken == "aoaNEW")
    }

    @Test func writesAtomicallyLeavingNoTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = TokenCache(home: directory.path, key: "corp")
        let token = SSOToken(fields: [("accessToken", .string("a")), ("expiresAt", .string("2026-11-27T15:04:05Z"))])
        for _ in 0..<20 { try cache.write(token) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/.aws/sso/cache")
        #expect(names == [TokenCache.fileName(forKey: "corp")])
        #expect(FilePermissionsProbe.mode(of: directory.path + "/.aws/sso/cache") == 0o700)
    }

    @Test func aFileCaughtHalfWrittenIsReadAgainBeforeItCountsAsCorrupt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Old botocore truncated and rewrote in place: a reader could see the first half.
        let path = try directory.write("cache.json", String(Self.cliText.prefix(40)))
        let finisher = Task {
            try await Task.sleep(for: .milliseconds(30))
            try Data(Self.cliText.utf8).write(to: URL(fileURLWithPath: path))
        }
        // The default is 3 tries 50 ms apart; here the reader retries until the writer has finished
        // (however late a loaded machine runs it), so only the order of events decides.
        var cache = TokenCache(path: path)
        cache.attempts = 2_400
        cache.retryDelay = .milliseconds(25)
        let result = await cache.read()
        try await finisher.value
        guard case .token(let token, _) = result else {
            Issue.record("expected the finished file, got \(result)")
            return
        }
        #expect(token.refreshToken == "aorOLD")
    }

    @Test(arguments: [
        ("{\"accessToken\": \"a\", \"expiresAt\": ", "not valid JSON"), ("[1, 2]", "not a JSON object"),
        ("{\"expiresAt\": \"2026-11-27T15:04:05Z\"}", "no accessToken"), ("{\"accessToken\": \"a\"}", "no expiresAt"),
        ("{\"accessToken\": \"a\", \"expiresAt\": \"soon\"}", "expiresAt is not a date"),
    ])
    func reportsWhyAFileIsCorrupt(text: String, reason: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var cache = TokenCache(path: try directory.write("cache.json", text))
        cache.retryDelay = .milliseconds(1)
        #expect(await cache.read() == .corrupt(reason: reason))
    }

    @Test func tellsAMissingFileFromAnUnreadableOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(await TokenCache(path: directory.file("none.json")).read() == .missing)
        if getuid() != 0 {
            let path = try directory.write("locked.json", Self.cliText, mode: 0o000)
            #expect(await TokenCache(path: path).read() == .unreadable(reason: "Permission denied"))
        }
    }

    @Test func descriptionsNeverShowValues() throws {
        guard case .success(let token) = SSOToken.parse(Data(Self.cliText.utf8)) else { throw HarnessError("no token") }
        var dumped = ""
        dump(token, to: &dumped)
        for text in ["\(token)", String(reflecting: token), dumped] {
            #expect(!text.contains("aoaOLD") && !text.contains("aorOLD") && !text.contains("secret"), "\(text)")
            #expect(text.contains("refreshToken"))
        }
    }
}

/// File modes, for checking what the probe writes.
enum FilePermissionsProbe {
    static func mode(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }
}
