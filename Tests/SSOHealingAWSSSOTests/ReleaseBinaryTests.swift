import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The binary users install, built by `./scripts/build-release`: a plain
/// `swift build -c release --static-swift-stdlib`.
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

    /// The default release binary needs no newer glibc than the Swift runtime itself does: in
    /// particular not `GLIBC_ABI_DT_RELR` (glibc 2.36), which packed relocations would add and
    /// which Ubuntu 22.04 does not have. Read with binutils' `readelf`, not with our own code.
    @Test(.enabled(if: path != nil, "./scripts/test builds the release binary and names it"))
    func theReleaseBinaryNeedsNoPackedRelocationSupportFromGlibc() async throws {
        let binary = try #require(Self.path)
        let output = try await ProcessRunner.run(
            ["readelf", "-V", "-W", binary], environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(output.stdoutText.contains("GLIBC_2."), "readelf shows the glibc versions needed")
        #expect(!output.stdoutText.contains("GLIBC_ABI_DT_RELR"))
    }

    /// The binary users install carries the product only: no symbol of the AWS fakes or the test
    /// kit (binutils' `nm` lists them by their mangled module names, as it does in the test build's
    /// demo program, which does carry the fakes), and no variable that pins its clock.
    @Test(.enabled(if: path != nil, "./scripts/test builds the release binary and names it"))
    func theReleaseBinaryCarriesNoFakeNoTestKitAndNoClockVariable() async throws {
        let binary = try #require(Self.path)
        // The symbol list runs to megabytes: counted by grep, not read back whole.
        func count(_ module: String, in program: String) async throws -> Int {
            let output = try await ProcessRunner.run(
                ["/bin/sh", "-c", "nm \"$0\" | grep -c \"$1\" || true", program, module],
                environment: ProcessInfo.processInfo.environment, timeout: .seconds(120))
            return Int(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        #expect(try await count("SSOHealingCore", in: binary) > 0, "nm lists the modules' symbols")
        #expect(try await count("SSOHealingAWSFakes", in: binary) == 0)
        #expect(try await count("SSOHealingTestKit", in: binary) == 0)
        // The demo program of the test build links the fakes: the same check finds them there.
        let demo = BuiltExecutable.path("sso-self-healing-demo")
        #expect(try await count("SSOHealingAWSFakes", in: demo) > 0, "the same check finds the fakes where they are")
        let bytes = try #require(FileManager.default.contents(atPath: binary))
        #expect(bytes.range(of: Data("SSO_SELF_HEALING_NOW".utf8)) == nil)
        #expect(bytes.range(of: Data("SSO_SELF_HEALING_TEST_NOW".utf8)) == nil)
    }
}
