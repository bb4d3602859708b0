import ArgumentParser
import Dispatch
import SSOHealingAWSFakes
import SSOHealingCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// `simulate-aws`: serves the simulated AWS SSO endpoints, for trying things out and benchmarks.
struct SimulateAWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-aws",
        abstract: "Serve simulated SSO OIDC, SSO portal and STS endpoints on loopback, with a logged-in profile.",
        discussion: """
            Writes ~/.aws/config (profile "sim") and a token cache under --home, prints the environment \
            to use them (one NAME=VALUE a line, then a line "ready"), and serves until SIGTERM or SIGINT. \
            The AWS CLI and the aws-sso probe both work against it. Meant for trying the probe and for \
            benchmarks; nothing here talks to AWS.
            """,
        shouldDisplay: false
    )

    @Option(help: "The HOME to write the AWS configuration and token cache in.")
    var home: String

    @Option(
        help: """
            Also write SESSIONS:PROFILES, e.g. 5:10: sessions fleet-1… each with that many profiles                 (fleet-1-01…), each profile its own account and role; their access tokens are due for a refresh.
            """)
    var fleet: String?

    @Option(
        help: "Whenever FILE.request appears, write the requests served so far, by operation, as JSON to FILE.")
    var report: String?

    func run() async throws {
        let aws = try FakeAWS(configuration: FakeAWS.Configuration(accessTokenLifetime: .seconds(3600)))
        defer { aws.stop() }
        let home = DemoOutput.absolute(self.home)
        let profile = FakeAWSProfile(home: home, profile: "sim", sessionName: "sim-sso")
        let client = aws.registerClient()
        let session = aws.startSession(client: client)
        aws.assignRole(profile.assignment)
        try profile.writeConfig(for: aws)
        try profile.writeTokenCache(session)
        if let fleet {
            let parts = fleet.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, parts.allSatisfy({ $0 > 0 && $0 <= 1000 }) else {
                throw ValidationError("--fleet must be SESSIONS:PROFILES, e.g. 5:10")
            }
            var text = profile.configText(for: aws)
            for number in 1...parts[0] {
                var member = FakeAWSProfile(
                    home: home, profile: "fleet-\(number)-01", sessionName: "fleet-\(number)",
                    accountID: Self.account(number, 1), roleName: "FleetRole")
                member.otherProfiles = (2...max(2, parts[1])).prefix(parts[1] - 1).map { index in
                    FakeAWSProfile.OtherProfile(
                        name: "fleet-\(number)-\(index < 10 ? "0" : "")\(index)",
                        accountID: Self.account(number, index),
                        roleName: "FleetRole")
                }
                for assignment in member.assignments { aws.assignRole(assignment) }
                // Ten minutes from its end: inside the refresh window, so the first cycle refreshes.
                let started = aws.startSession(client: client, accessTokenExpiresAt: Date().addingTimeInterval(600))
                try member.writeTokenCache(started)
                text += "\n" + member.configText(for: aws)
            }
            try text.write(toFile: profile.configPath, atomically: true, encoding: .utf8)
        }
        if let report {
            // A thread of its own answers REPORT.request files: no signal, no queue to starve.
            try DetachedThread.start(name: "report") {
                let request = report + ".request"
                while true {
                    if FileManager.default.fileExists(atPath: request) {
                        let counts = ["CreateToken", "GetRoleCredentials", "GetCallerIdentity"].map {
                            "\"\($0)\": \(aws.requestCount($0))"
                        }
                        try? ("{" + counts.joined(separator: ", ") + "}\n").write(
                            toFile: report, atomically: true, encoding: .utf8)
                        try? FileManager.default.removeItem(atPath: request)
                    }
                    usleep(5_000)
                }
            }
        }
        for (name, value) in profile.environment(for: aws, base: [:]).sorted(by: { $0.key < $1.key }) {
            DemoOutput.say("\(name)=\(value)")
        }
        DemoOutput.say("ready")
        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.resume()
            return source
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            for source in signals {
                source.setEventHandler { if once.claim() { continuation.resume() } }
            }
        }
        for source in signals { source.cancel() }
    }

    /// A twelve-digit account id for profile `index` of fleet session `session`.
    private static func account(_ session: Int, _ index: Int) -> String {
        let number = 500_000_000_000 + session * 1000 + index
        return String(number)
    }
}

/// True for the first caller only.
private final class OnceFlag: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
