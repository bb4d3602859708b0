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

/// `simulate-aws`: serves the simulated AWS SSO endpoints, for trying things out and benchmarks;
/// `simulate-aws --control COMMAND` drives a running one.
struct SimulateAWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-aws",
        abstract:
            "Serve simulated SSO OIDC, SSO portal and STS endpoints on loopback, with a logged-in profile, and take commands.",
        usage: """
            sso-self-healing-demo simulate-aws [--home DIR] [--fleet SESSIONS:PROFILES] [--report FILE]
              sso-self-healing-demo simulate-aws --control COMMAND…
            """,
        discussion: """
            Starts simulated SSO OIDC, SSO portal and STS endpoints on loopback with a logged-in SSO \
            session "sim-sso" and its profile "sim", prints on stdout the shell lines that point the AWS \
            CLI and sso-self-healing at them (`export NAME='VALUE'`, quoted for sh; then "# ready"), and \
            serves until SIGTERM, SIGINT or SIGHUP. Nothing here talks to AWS.

            Another shell reads them with `. FILE`, FILE being the simulator.env named on stderr (or \
            with `eval "$(cat OUTPUT)"` when stdout went to OUTPUT). They set AWS_CONFIG_FILE, AWS_PROFILE=sim, \
            the AWS_ENDPOINT_URL_* of the three services, SSO_SELF_HEALING_CONFIG_DIR and \
            SSO_SELF_HEALING_STATE_DIR (an aws-sso probe on sim-sso with heal = "device-code" and the \
            console channel), and SSO_SELF_HEALING_SIMULATOR_URL (the control endpoint).

            Files: by default HOME is left alone. The AWS config, sso-self-healing's configuration and \
            state and simulator.env go to a scratch directory, removed at the end; the token cache goes \
            where the AWS CLI and the probe read it, ~/.aws/sso/cache/<sha1 of sim-sso>.json (no \
            variable moves it). It refuses to start if that file exists and is not its own, and at the \
            end removes the files under ~/.aws/sso/cache and ~/.aws/cli/cache that hold a credential it \
            issued. With --home DIR everything is written under DIR (exported as HOME: the AWS \
            config in DIR/.aws, sso-self-healing's in DIR/.config and DIR/.local/state) and kept.

            Commands, one a line on stdin (replies on stderr), or from another shell with \
            `sso-self-healing-demo simulate-aws --control COMMAND` or \
            `curl -sS -d 'COMMAND' "$SSO_SELF_HEALING_SIMULATOR_URL/control"`:

            \(SimulatorCommand.summary)

            Device authorizations (`sso-self-healing login`, or a check with heal = "device-code") link \
            to the simulator's approval page, $SSO_SELF_HEALING_SIMULATOR_URL/device?user_code=CODE: \
            open it in a browser and press Approve or Deny, or \
            `curl -sS -d user_code=CODE -d action=approve "$SSO_SELF_HEALING_SIMULATOR_URL/device"`.

            --control exits 0 when the simulator did it, 1 when it refused, 69 when none answers.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Write the AWS configuration, token cache and sso-self-healing configuration under DIR, and export it as HOME.",
            valueName: "DIR"))
    var home: String?

    @Option(
        help: ArgumentHelp(
            """
            Also write SESSIONS:PROFILES, e.g. 5:10: sessions fleet-1… each with that many profiles \
            (fleet-1-01…), each profile its own account and role; their access tokens are due for a refresh. Needs --home.
            """, valueName: "SESSIONS:PROFILES"))
    var fleet: String?

    @Option(
        help: ArgumentHelp(
            "Whenever FILE.request appears, write the requests served so far, by operation, as JSON to FILE.",
            valueName: "FILE"))
    var report: String?

    @Flag(
        help:
            "Send COMMAND to the running simulator at $SSO_SELF_HEALING_SIMULATOR_URL (or --control-url) and print its reply."
    )
    var control = false

    @Option(
        name: .customLong("control-url"),
        help: ArgumentHelp("The simulator's control endpoint, for --control.", valueName: "URL"))
    var controlURL: String?

    @Argument(
        help: ArgumentHelp(
            "With --control: the command, e.g. end-session, fault portal, approve CODE.", valueName: "COMMAND"))
    var command: [String] = []

    func validate() throws {
        if control {
            guard !command.isEmpty else { throw ValidationError("--control needs a command, e.g. status") }
            guard home == nil, fleet == nil, report == nil else {
                throw ValidationError("--control takes only a command (and --control-url)")
            }
        } else {
            guard command.isEmpty else {
                throw ValidationError(
                    "unexpected \"\(command.joined(separator: " "))\": to send a command, add --control")
            }
            guard controlURL == nil else { throw ValidationError("--control-url goes with --control") }
            if fleet != nil && home == nil { throw ValidationError("--fleet needs --home DIR") }
        }
    }

    func run() async throws {
        if control {
            guard let url = controlURL ?? ProcessInfo.processInfo.environment[SimulatorControlClient.urlVariable],
                !url.isEmpty
            else {
                DemoOutput.complain(
                    "no simulator to send to: \(SimulatorControlClient.urlVariable) is not set (read the simulator's "
                        + "simulator.env first) and no --control-url was given")
                throw ExitCode(64)
            }
            try await SimulatorControlClient.send(command.joined(separator: " "), to: url)
            return
        }
        do {
            try await serve()
        } catch let error as SimulatorError {
            DemoOutput.complain("simulate-aws: \(error)")
            throw ExitCode(1)
        } catch let error as AtomicFile.WriteError {
            DemoOutput.complain("simulate-aws: \(error)")
            throw ExitCode(1)
        }
    }

    private func serve() async throws {
        let control = try SimulatorControlServer()
        defer { control.stop() }
        let aws = try FakeAWS(
            configuration: FakeAWS.Configuration(
                accessTokenLifetime: .seconds(3600), verificationURI: control.approvalPage))
        defer { aws.stop() }
        let files =
            try home.map { try SimulatorFiles.under(home: DemoOutput.absolute($0)) }
            ?? SimulatorFiles.scratch(home: Self.userHome())
        defer { files.removeScratch(holding: aws.issuedSecrets) }
        let profile = FakeAWSProfile(
            home: files.home, profile: "sim", sessionName: "sim-sso", configPath: files.awsConfigPath)
        if files.isScratch { try files.refuseForeignTokenCache(at: profile.cachePath, startURL: profile.startURL) }
        let client = aws.registerClient()
        let session = aws.startSession(client: client)
        aws.assignRole(profile.assignment)
        try profile.writeConfig(for: aws)
        try profile.writeTokenCache(session)
        try files.writeProductConfiguration(sessionName: profile.sessionName)
        if let fleet { try writeFleet(fleet, profile: profile, client: client, aws: aws) }
        if let report { try startReporting(to: report, aws: aws) }
        let simulator = Simulator(aws: aws, sessionName: profile.sessionName, approvalPage: control.approvalPage)
        control.serve(simulator)

        var lines = [
            "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL"
        ]
        var exports = [
            ("AWS_CONFIG_FILE", files.awsConfigPath), ("AWS_SHARED_CREDENTIALS_FILE", files.credentialsPath),
            ("AWS_PROFILE", profile.profile), ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_ENDPOINT_URL_SSO_OIDC", aws.oidcURL), ("AWS_ENDPOINT_URL_SSO", aws.portalURL),
            ("AWS_ENDPOINT_URL_STS", aws.stsURL),
        ]
        if !files.isScratch { exports.append(("HOME", files.home)) }
        // The endpoints are on loopback: a proxy set for the outside world must not take them.
        for name in ["no_proxy", "NO_PROXY"] {
            let current = ProcessInfo.processInfo.environment[name].map { $0.isEmpty ? "" : "," + $0 } ?? ""
            exports.append((name, "127.0.0.1,localhost" + current))
        }
        exports += [
            ("SSO_SELF_HEALING_CONFIG_DIR", files.configDirectory),
            ("SSO_SELF_HEALING_STATE_DIR", files.stateDirectory),
            (SimulatorControlClient.urlVariable, control.baseURL),
        ]
        lines += exports.map { ShellExport.line($0.0, $0.1) }
        try files.writeEnvironmentFile(lines)
        try SimulatorConsole.start(simulator)
        // Caught before "# ready", so that a stop right after it still cleans up.
        let stopSignals = Self.catchStopSignals()
        for line in lines { DemoOutput.say(line) }
        DemoOutput.say("# ready")
        DemoOutput.complain(
            """
            simulate-aws: SSO session \(profile.sessionName) (profile \(profile.profile)) is logged in; \
            token cache \(profile.cachePath)
            simulate-aws: in another shell: . \(ShellExport.quoted(files.environmentFile))
            simulate-aws: approval page \(control.approvalPage); type `help` for the commands; Ctrl-C ends
            """)
        await Self.waitForFirst(of: stopSignals)
    }

    /// `HOME`, or the user database's entry when it is unset (as the AWS CLI finds `~`).
    private static func userHome() -> String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }

    /// Writes the `--fleet` sessions' token caches and adds their profiles to the AWS config.
    private func writeFleet(
        _ fleet: String, profile: FakeAWSProfile, client: FakeClientRegistration, aws: FakeAWS
    )
        throws
    {
        let parts = fleet.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 > 0 && $0 <= 1000 }) else {
            throw ValidationError("--fleet must be SESSIONS:PROFILES, e.g. 5:10")
        }
        var text = profile.configText(for: aws)
        for number in 1...parts[0] {
            var member = FakeAWSProfile(
                home: profile.home, profile: "fleet-\(number)-01", sessionName: "fleet-\(number)",
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

    /// Answers `REPORT.request` files with the request counts, on a thread of its own (no signal,
    /// no queue to starve).
    private func startReporting(to report: String, aws: FakeAWS) throws {
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

    /// SIGTERM, SIGINT and SIGHUP, no longer ending the process but caught: the latch opens at
    /// the first.
    private static func catchStopSignals() -> (StopLatch, [any DispatchSourceSignal]) {
        let latch = StopLatch()
        let sources = [SIGTERM, SIGINT, SIGHUP].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { latch.open() }
            source.resume()
            return source
        }
        return (latch, sources)
    }

    /// Returns once `signals`' latch opened.
    private static func waitForFirst(of signals: (StopLatch, [any DispatchSourceSignal])) async {
        await signals.0.wait()
        for source in signals.1 { source.cancel() }
    }

    /// A twelve-digit account id for profile `index` of fleet session `session`.
    private static func account(_ session: Int, _ index: Int) -> String {
        let number = 500_000_000_000 + session * 1000 + index
        return String(number)
    }
}

/// Opens once; `wait()` returns once it is open, however the two are ordered.
private final class StopLatch: Sendable {
    private let state = Mutex<(open: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func open() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state = (true, nil) }
            return state.open ? nil : state.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let openAlready = state.withLock { state -> Bool in
                if !state.open { state.waiter = continuation }
                return state.open
            }
            if openAlready { continuation.resume() }
        }
    }
}
