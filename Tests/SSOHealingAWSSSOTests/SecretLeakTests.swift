import Foundation
import InMemoryLogging
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// No token, client secret or role credential may appear in anything the probe produces: results,
/// debug logs, the state it keeps, the binary's output.
@Suite struct SecretLeakTests {
    /// What the probe produced in one scenario, as text to search.
    struct Exposure {
        var texts: [String] = []

        mutating func add(_ result: ProbeResult) {
            texts.append(result.summary)
            texts.append(result.remedy ?? "")
            texts.append(result.details.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
        }

        mutating func add(_ logs: InMemoryLogHandler) {
            for entry in logs.entries {
                texts.append("\(entry.level) \(entry.message) \(entry.metadata) \(entry.error.map { "\($0)" } ?? "")")
            }
        }

        /// Every file name under `directory`, and the contents of those not excluded.
        mutating func addTree(_ directory: String, excluding excluded: Set<String> = []) {
            guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return }
            for case let relative as String in enumerator {
                texts.append(relative)
                let path = directory + "/" + relative
                if excluded.contains(path) { continue }
                if let data = FileManager.default.contents(atPath: path) {
                    texts.append(String(decoding: data, as: UTF8.self))
                }
            }
        }

        func leaks(of secrets: [String]) -> [String] {
            secrets.filter { secret in texts.contains { $0.contains(secret) } }
        }
    }

    /// The seeded values and every token the session came to hold (rotated ones included).
    static func secrets(of harness: SessionHarness, seen: [SSOToken]) -> [String] {
        var secrets = harness.secrets.all
        for token in seen {
            secrets += [token.accessToken, token.refreshToken, token.clientSecret].compactMap { $0 }
        }
        return Array(Set(secrets))
    }

    @Test func noSecretAppearsInResultsLogsOrStateInEitherMode() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        let clock = ManualClock()
        var exposure = Exposure()
        var seen: [SSOToken] = []
        func check(_ settings: AWSSSOProbe.Settings = AWSSSOProbe.Settings()) async {
            clock.advance(by: 61)
            exposure.add(await harness.probe(settings, now: clock.function).check())
            if let token = harness.cachedToken() { seen.append(token) }
        }
        let cli = AWSSSOProbe.Settings(mode: .cli, timeout: .seconds(30))
        await check()  // refresh + role credentials
        harness.aws.expireAccessTokens()
        await check()  // 401, refresh, retry
        harness.aws.setFault(.serverError(500), on: .oidc)
        try harness.setCachedExpiry(in: 60, now: clock.now.addingTimeInterval(61))
        await check()  // a failed refresh
        harness.aws.setFault(.rejectToken, on: .portal)
        harness.aws.setFault(nil, on: .oidc)
        await check()  // a fresh token rejected
        harness.aws.setFault(nil, on: .portal)
        try harness.setCachedExpiry(in: 5 * 60)
        await check(cli)  // the CLI refreshes, with --debug output full of secrets
        harness.aws.setFault(.rejectGrant, on: .oidc)
        try harness.setCachedExpiry(in: -60)
        await check(cli)  // the CLI's refresh refused
        await check()  // ours refused

        exposure.add(harness.logs)
        exposure.addTree(harness.stateDirectory)
        exposure.addTree(harness.home + "/.aws/sso", excluding: [harness.setup.cachePath])
        #expect(harness.logs.entries.contains { $0.level == .debug }, "debug logging was on")
        let leaks = exposure.leaks(of: Self.secrets(of: harness, seen: seen))
        #expect(leaks.count == 0, "leaked: \(leaks.map { String($0.prefix(8)) + "…" })")
    }

    @Test func noSecretAppearsInTheBinarysOutputOrStatus() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)
        var exposure = Exposure()
        var seen: [SSOToken] = []
        for arguments in [
            ["check", "--verbose"], ["check", "--json", "--verbose"], ["status", "--json"], ["status"],
        ] {
            let output = try await scenario.run(arguments)
            exposure.texts += [output.stdoutText, output.stderrText]
            if let token = harness.cachedToken() { seen.append(token) }
            if arguments == ["check", "--verbose"] {
                #expect(output.stderrText.contains("DEBUG refreshed the access token"), "\(output.stderrText)")
            }
        }
        harness.aws.setFault(.rejectGrant, on: .oidc)
        harness.aws.expireAccessTokens()
        for arguments in [["check", "--verbose"], ["check", "--verbose"], ["status", "--json"]] {
            let output = try await scenario.run(arguments)
            exposure.texts += [output.stdoutText, output.stderrText]
        }
        #expect(scenario.received().count == 1, "an expired event was delivered")
        exposure.addTree(harness.stateDirectory)
        exposure.addTree(harness.directory.file("config"))
        if let log = try? String(contentsOfFile: scenario.channelLog, encoding: .utf8) { exposure.texts.append(log) }
        let leaks = exposure.leaks(of: Self.secrets(of: harness, seen: seen))
        #expect(leaks.count == 0, "leaked: \(leaks.map { String($0.prefix(8)) + "…" })")
    }
}
