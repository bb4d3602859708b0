import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSSSO

/// The remedy of an expired or degraded session fits the machine: this program's login where the
/// probe heals, no browser is likely or there is no AWS CLI; the device-code form of AWS CLI v2;
/// the `--profile` form of v1 and of legacy profiles. The CLI's version comes from fake `aws`
/// programs on `PATH`, each of which counts how often it is asked.
@Suite struct LoginRemedyTests {
    /// A directory with an `aws` that prints `version` (v1 on standard error, as it did), or none.
    struct FakeCLI {
        let directory: TemporaryDirectory
        var path: String { directory.path }
        var asked: Int {
            ((try? String(contentsOfFile: directory.file("asked"), encoding: .utf8)) ?? "").split(separator: "\n")
                .count
        }

        init(version: String?) throws {
            directory = try TemporaryDirectory(prefix: "fake-aws-cli")
            guard let version else { return }
            let stream = version.hasPrefix("aws-cli/1.") ? ">&2" : ""
            _ = try directory.write(
                "aws",
                """
                #!/bin/sh
                echo asked >> "\(directory.file("asked"))"
                [ "$1" = "--version" ] || exit 252
                echo "\(version)" \(stream)
                """, mode: 0o755)
        }
    }

    static let v2 = "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off"
    static let v1 = "aws-cli/1.32.0 Python/3.11.2 Linux/6.1.0 botocore/1.34.0"

    static let session = WatchedSession(
        key: "corp", sessionName: "corp", profiles: [profile(session: "corp")], primary: profile(session: "corp"))
    static let legacy = WatchedSession(
        key: "https://d-1234567890.awsapps.com/start", sessionName: nil, profiles: [profile(session: nil)],
        primary: profile(session: nil))

    static func profile(session: String?) -> SSOProfile {
        SSOProfile(
            name: "dev", sessionName: session, startURL: "https://d-1234567890.awsapps.com/start", region: "us-east-1",
            accountID: "111122223333", roleName: "Dev", keys: [:], registrationScopes: nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var cli: String?
        var environment: [String: String]
        var macOS = false
        var heals = false
        var legacy = false
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "v2 on a Linux desktop", cli: v2, environment: ["DISPLAY": ":0"],
            expected: "aws sso login --use-device-code --sso-session corp"),
        Case(
            name: "v2 under Wayland, legacy profile", cli: v2, environment: ["WAYLAND_DISPLAY": "wayland-0"],
            legacy: true, expected: "aws sso login --use-device-code --profile dev"),
        Case(
            name: "v1 on a Linux desktop", cli: v1, environment: ["DISPLAY": ":0"],
            expected: "aws sso login --profile dev"),
        Case(
            name: "v2 on a headless Linux", cli: v2, environment: [:],
            expected: "sso-self-healing login --sso-session corp"),
        Case(
            name: "v2 over SSH with X forwarding", cli: v2,
            environment: ["DISPLAY": "localhost:10.0", "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"],
            expected: "sso-self-healing login --sso-session corp"),
        Case(
            name: "v2 on a desktop, the probe heals", cli: v2, environment: ["DISPLAY": ":0"], heals: true,
            expected: "sso-self-healing login --sso-session corp"),
        Case(
            name: "no AWS CLI on a desktop", cli: nil, environment: ["DISPLAY": ":0"],
            expected: "sso-self-healing login --sso-session corp"),
        Case(
            name: "v2 on macOS", cli: v2, environment: [:], macOS: true,
            expected: "aws sso login --use-device-code --sso-session corp"),
        Case(
            name: "v2 on macOS over SSH", cli: v2, environment: ["SSH_TTY": "/dev/ttys001"], macOS: true,
            expected: "sso-self-healing login --sso-session corp"),
        Case(
            name: "legacy profile on a headless Linux", cli: v2, environment: [:], legacy: true,
            expected: "sso-self-healing login --sso-session https://d-1234567890.awsapps.com/start"),
    ]

    @Test(arguments: cases)
    func theRemedyFitsTheMachine(_ example: Case) async throws {
        let cli = try FakeCLI(version: example.cli)
        defer { cli.directory.remove() }
        var environment = example.environment
        environment["PATH"] = cli.path
        let machine = LoginRemedy.Machine(
            heals: example.heals,
            browserLikely: LoginRemedy.browserLikely(environment: environment, isMacOS: example.macOS))
        let version =
            LoginRemedy.needsCLI(machine) ? await AWSCLIVersion.detect("aws", environment: environment) : nil
        let remedy = LoginRemedy.command(
            for: example.legacy ? Self.legacy : Self.session, machine: machine, cli: version)
        #expect(remedy == example.expected)
        #expect(cli.asked <= 1)
    }

    @Test func theCLIsVersionIsAskedOnceAndOnlyWhenItMatters() async throws {
        let cli = try FakeCLI(version: Self.v2)
        defer { cli.directory.remove() }
        let environment = ["PATH": cli.path]
        #expect(cli.asked == 0, "not asked before a remedy needs it")
        #expect(await AWSCLIVersion.detect("aws", environment: environment) == .major(2))
        #expect(await AWSCLIVersion.detect("aws", environment: environment) == .major(2))
        #expect(cli.asked == 1, "remembered")
        #expect(AWSCLIVersion.parse(Self.v1) == .major(1) && AWSCLIVersion.parse("usage: aws") == nil)
    }

    @Test func anExpiredSessionOnADesktopWithCLIv2GetsTheDeviceCodeLogin() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60)
        defer { harness.remove() }
        let cli = try FakeCLI(version: Self.v2)
        defer { cli.directory.remove() }
        harness.aws.setFault(.rejectGrant, on: .oidc)
        var environment = harness.environment
        environment["DISPLAY"] = ":0"
        environment["PATH"] = cli.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let result = await harness.probe(environment: environment).check()
        #expect(result.state == .expired)
        #expect(result.remedy == "aws sso login --use-device-code --sso-session \(harness.setup.sessionName)")

        let headless = await harness.probe().check()
        #expect(headless.remedy == "sso-self-healing login --sso-session \(harness.setup.sessionName)")
    }
}
