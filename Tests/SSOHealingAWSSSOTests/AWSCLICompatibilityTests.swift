import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// The probe and the real AWS CLI share one token cache and must understand each other's writes.
@Suite struct AWSCLICompatibilityTests {
    @Test(arguments: [FakeAWSProfile.Endpoints.environment, .servicesSection])
    func theCLIAcceptsTheFakeWithEitherEndpointStyle(endpoints: FakeAWSProfile.Endpoints) async throws {
        let harness = try SessionHarness(endpoints: endpoints)
        defer { harness.remove() }
        let output = try await AWSCLI.run(
            ["sts", "get-caller-identity", "--profile", "fake", "--output", "json"], environment: harness.cliEnvironment
        )
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let identity = try #require(JSONValue.parse(output.stdoutText))
        #expect(identity["Account"]?.stringValue == harness.setup.accountID)
        #expect(identity["Arn"]?.stringValue?.contains("assumed-role/AWSReservedSSO_FakeRole_") == true)
        #expect(harness.aws.tokenRequestCount == 0)
        #expect(harness.aws.roleCredentialRequestCount == 1)
        #expect(harness.aws.callerIdentityRequestCount == 1)
    }

    @Test func afterOurRefreshTheCLIUsesOurTokenWithoutAnotherTokenCall() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1)
        let refreshed = try #require(harness.cachedToken())
        #expect(refreshed.accessToken != harness.session.accessToken)
        #expect(refreshed.refreshToken != harness.session.refreshToken)

        let output = try await AWSCLI.run(
            ["sts", "get-caller-identity", "--profile", "fake", "--output", "json"], environment: harness.cliEnvironment
        )
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(harness.aws.tokenRequestCount == 1, "the CLI must not refresh the token we just refreshed")
        #expect(harness.cachedToken() == refreshed)
    }

    @Test func afterTheCLIRefreshesOurProbeReadsItsFile() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        // The probe first sees the session with a fresh token, so it does not refresh.
        try harness.setCachedExpiry(in: 3600)
        let first = await harness.probe().check()
        #expect(first.state == .ok)
        let firstSeen = try #require(first.details["session_first_seen"])
        try harness.setCachedExpiry(in: 5 * 60)

        let output = try await AWSCLI.run(
            ["sts", "get-caller-identity", "--profile", "fake", "--output", "json"], environment: harness.cliEnvironment
        )
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(harness.aws.tokenRequestCount == 1)
        let written = try #require(harness.cachedToken())
        #expect(written.refreshToken != harness.session.refreshToken)

        let second = await harness.probe().check()
        #expect(second.state == .ok, "\(second.summary)")
        #expect(harness.aws.tokenRequestCount == 1, "the CLI's fresh token needs no refresh")
        #expect(second.details["access_token_expires_at"] == written.expiresAt.map(Timestamp.string))
        #expect(second.details["session_first_seen"] == firstSeen, "the CLI's rotation continues the same session")
        #expect(second.details["last_refresh"] != nil)
    }
}

extension AWSCLICompatibilityTests {
    /// How many real CLI refreshes interleave with ours (each CLI run costs about a second).
    static let realCLIRounds = 20

    @Test func realCLIRefreshesInterleavedWithOursKeepTheSessionAlive() async throws {
        // Strict rotation: a refresh token used once is dead, so a lost or misread rotation fails the next refresh.
        let harness = try SessionHarness(configuration: FakeAWS.Configuration(refreshTokenRotation: .rotateAndRevoke))
        defer { harness.remove() }
        var calls = 0
        var firstSeen: String?
        // Our probe refreshes a session at most once a minute: its clock moves a minute a round.
        let clock = ManualClock()
        for round in 1...Self.realCLIRounds {
            clock.advance(by: 61)
            try harness.setCachedExpiry(in: 5 * 60, now: clock.now)
            let result = await harness.probe(now: clock.function).check()
            calls += 1
            #expect(result.state == .ok, "round \(round), ours: \(result.summary)")
            #expect(harness.aws.tokenRequestCount == calls, "round \(round): we refresh once")
            if firstSeen == nil { firstSeen = result.details["session_first_seen"] }
            #expect(result.details["session_first_seen"] == firstSeen, "round \(round): the session stays the same")

            try harness.setCachedExpiry(in: 5 * 60)
            let output = try await AWSCLI.run(
                ["sts", "get-caller-identity", "--profile", "fake", "--output", "json"],
                environment: harness.cliEnvironment)
            calls += 1
            #expect(output.exitStatus == 0, "round \(round), the CLI: \(output.stderrText.suffix(400))")
            #expect(harness.aws.tokenRequestCount == calls, "round \(round): the CLI refreshes once")
            let token = try #require(harness.cachedToken(), "round \(round): the CLI's file parses for us")
            #expect(
                harness.aws.isValidRefreshToken(token.refreshToken ?? ""),
                "round \(round): the cached refresh token is the live one")
            // The CLI caches role credentials; remove them so that the next round asks the portal again.
            try? FileManager.default.removeItem(atPath: harness.home + "/.aws/cli/cache")
        }
    }

    @Test func aThousandInterleavedWritesWithBotocoresWriterAlwaysLeaveAFileBothSidesParse() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let cacheDirectory = (harness.setup.cachePath as NSString).deletingLastPathComponent
        let writer = try BotocoreCacheWriter(
            cacheDirectory: cacheDirectory, sessionName: harness.setup.sessionName, startURL: harness.setup.startURL)
        let cache = harness.cache
        let outcome = try await Self.onThread {
            var ours = 0
            var theirs = 0
            for round in 1...1000 {
                guard case .token(var token, _) = cache.readOnce() else {
                    throw HarnessError("round \(round): our read before writing failed")
                }
                if token.string("accessToken")?.hasPrefix("aoaPY") == true { theirs += 1 }
                token = token.refreshed(
                    accessToken: "aoaSW\(round)", expiresAt: Date().addingTimeInterval(3600),
                    refreshToken: "aorSW\(round)")
                token.set("x-unknown-key", .int(Int64(round)))
                try cache.write(token)
                guard case .token(let reread, _) = cache.readOnce() else {
                    throw HarnessError("round \(round): our read after writing failed")
                }
                if reread.accessToken == "aoaSW\(round)" { ours += 1 }
                let answer = try writer.check()
                guard answer == "ok" else {
                    throw HarnessError("round \(round): botocore could not load the file: \(answer)")
                }
            }
            return (ours, theirs, try writer.stop())
        }
        #expect(
            outcome.0 > 0 && outcome.1 > 0, "both writers' files were seen: ours \(outcome.0), botocore's \(outcome.1)")
        #expect(outcome.2 >= 1000, "botocore wrote \(outcome.2) times; at least once in each of our 1000 rounds")
    }

    /// Runs blocking work on a thread of its own, off Swift's cooperative pool.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// A Python process that writes the token cache in a loop with botocore's own `SSOTokenLoader` and
/// `JSONFileCache` (the writer the AWS CLI uses), and loads it with botocore on request.
final class BotocoreCacheWriter: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    static let script = #"""
        import datetime, hashlib, json, os, sys, threading, time
        import dateutil.parser
        from dateutil.tz import tzutc
        from botocore.tokens import _sso_json_dumps
        from botocore.utils import JSONFileCache, SSOTokenLoader
        cache_dir, session, start_url = sys.argv[1], sys.argv[2], sys.argv[3]
        loader = SSOTokenLoader(cache=JSONFileCache(cache_dir, dumps_func=_sso_json_dumps))
        path = os.path.join(cache_dir, hashlib.sha1(session.encode("utf-8")).hexdigest() + ".json")
        stop = threading.Event()
        writes = [0]
        wrote = threading.Condition()
        def write_loop():
            n = 0
            while not stop.is_set():
                n += 1
                token = {
                    "startUrl": start_url, "region": "us-east-1", "accessToken": "aoaPY%d" % n,
                    "expiresAt": datetime.datetime.now(tzutc()) + datetime.timedelta(hours=1),
                    "clientId": "client", "clientSecret": "secret", "registrationExpiresAt": "2099-01-01T00:00:00Z",
                    "refreshToken": "aorPY%d" % n,
                }
                loader.save_token(start_url, token, session_name=session)
                with wrote:
                    writes[0] += 1
                    wrote.notify_all()
                time.sleep(0.0005)
        thread = threading.Thread(target=write_loop)
        thread.start()
        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip() == "stop":
                break
            # Each check first waits for a write of botocore's own since the previous one, so the
            # writers interleave by construction, however the machine schedules them.
            with wrote:
                target = writes[0] + 1
                wrote.wait_for(lambda: writes[0] >= target)
            try:
                with open(path) as handle:
                    json.load(handle)
                token = loader(start_url, session_name=session)
                dateutil.parser.parse(token["expiresAt"])
                print("ok", flush=True)
            except Exception as error:
                print("fail %s %s" % (type(error).__name__, str(error)[:80]), flush=True)
        stop.set()
        thread.join()
        print("writes %d" % writes[0], flush=True)
        """#

    init(cacheDirectory: String, sessionName: String, startURL: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Python.path, "-c", Self.script, cacheDirectory, sessionName, startURL]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard try readLine() == "ready" else {
            throw HarnessError("the botocore writer did not start (is botocore installed?)")
        }
    }

    /// Waits for botocore's next write, then asks botocore to load the file: "ok", or why not.
    func check() throws -> String {
        input.fileHandleForWriting.write(Data("read\n".utf8))
        return try readLine()
    }

    /// Stops the writer and returns how many times it wrote.
    func stop() throws -> Int {
        input.fileHandleForWriting.write(Data("stop\n".utf8))
        let line = try readLine()
        process.waitUntilExit()
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw HarnessError("the botocore writer exited") }
            buffer.append(contentsOf: data)
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
