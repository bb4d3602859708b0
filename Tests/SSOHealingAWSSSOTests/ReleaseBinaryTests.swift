import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

/// The binary users install, built by `./scripts/build-release` with the release link of
/// `Package.swift` (lld, the function order, static libstdc++) and the flags of `scripts/lib.sh`.
/// `./scripts/test` builds it and names it in `SSO_SELF_HEALING_RELEASE_BINARY`; a bare
/// `swift test` skips these.
@Suite struct ReleaseBinaryTests {
    static let path = ProcessInfo.processInfo.environment["SSO_SELF_HEALING_RELEASE_BINARY"]

    @Test(.enabled(if: path != nil, "./scripts/test builds the release binary and names it"))
    func theReleaseBinaryRefreshesThenReportsAnExpiry() async throws {
        let binary = try #require(Self.path)
        let harness = try SessionHarness()
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)

        var output = try await scenario.run(["check"], binary: binary)
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        #expect(
            output.stdoutText.contains("fake-session: OK - SSO session fake-session is healthy (profile fake)"),
            "\(output.stdoutText)")

        harness.aws.setFault(.rejectGrant, on: .oidc)
        harness.aws.expireAccessTokens()
        try await scenario.run(["check"], binary: binary)
        output = try await scenario.run(["check"], binary: binary)
        #expect(output.exitStatus == 2, "\(output.stdoutText)\(output.stderrText)")
        #expect(scenario.received().map(\.state) == ["expired"])
    }

    /// Where GCC's static libstdc++ is installed, the release link puts it inside the executable:
    /// the dynamic loader (asked to list what it would load, as `ldd` does) loads no libstdc++.
    @Test(.enabled(if: path != nil && staticLibstdcxxIsInstalled, "needs the release binary and libstdc++.a"))
    func theReleaseBinaryLoadsNoSharedLibstdcxx() async throws {
        let binary = try #require(Self.path)
        var environment = ProcessInfo.processInfo.environment
        environment["LD_TRACE_LOADED_OBJECTS"] = "1"
        let output = try await ProcessRunner.run([binary], environment: environment, timeout: .seconds(30))
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(output.stdoutText.contains("libc.so"), "\(output.stdoutText)")
        #expect(!output.stdoutText.contains("libstdc++"), "\(output.stdoutText)")
    }

    /// As `Package.swift` decides it: GCC's `libstdc++.a` under /usr/lib/gcc/TRIPLE/VERSION/.
    static var staticLibstdcxxIsInstalled: Bool {
        let root = "/usr/lib/gcc"
        let files = FileManager.default
        for triple in (try? files.contentsOfDirectory(atPath: root)) ?? [] {
            for version in (try? files.contentsOfDirectory(atPath: "\(root)/\(triple)")) ?? []
            where files.fileExists(atPath: "\(root)/\(triple)/\(version)/libstdc++.a") {
                return true
            }
        }
        return false
    }
}
