import ArgumentParser
import Dispatch
import SSOHealingAWSFakes
import SSOHealingCore
import Synchronization

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

extension SSOSelfHealingCommand {
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

        func run() async throws {
            let aws = try FakeAWS(configuration: FakeAWS.Configuration(accessTokenLifetime: .seconds(3600)))
            defer { aws.stop() }
            let profile = FakeAWSProfile(home: Paths.absolute(home), profile: "sim", sessionName: "sim-sso")
            let client = aws.registerClient()
            let session = aws.startSession(client: client)
            aws.assignRole(profile.assignment)
            try profile.writeConfig(for: aws)
            try profile.writeTokenCache(session)
            for (name, value) in profile.environment(for: aws, base: [:]).sorted(by: { $0.key < $1.key }) {
                Output.print("\(name)=\(value)")
            }
            Output.print("ready")
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
