import ArgumentParser
import SSOHealingCLI
import SSOHealingCore

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

/// `demo`: the real daemon on an embedded configuration, for a first look without AWS.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the daemon for a minute on a built-in demo configuration (no AWS account needed).",
        discussion: """
            Starts simulated AWS SSO endpoints (SSO OIDC, the SSO portal, STS) on loopback and writes a \
            throw-away configuration to a temporary directory: an `aws-sso` probe on an SSO session with two profiles, whose \
            session is refreshed, then ended, then renewed by a new login; a scripted `command` probe \
            that goes ok → degraded → expired → ok; and the `console` channel, with a 2-second \
            interval. Alerts are printed as they are delivered; the final status is printed at the \
            end. Nothing outside the temporary directory is touched.
            """
    )

    @Option(help: "How long to run, e.g. 60s.")
    var duration: String = "50s"

    @Option(name: .customLong("log-format"), help: "Log format: text or json.")
    var logFormat: String = "text"

    @Flag(name: .long, help: "Log debug details.")
    var verbose = false

    @Flag(name: .customLong("keep"), help: "Keep the temporary directory and print its path.")
    var keep = false

    /// Paces the story by what the daemon has done rather than by the clock (for the tests, on
    /// a machine of any speed): `--duration` then only bounds the run.
    @Flag(name: .customLong("paced-by-events"), help: .hidden)
    var pacedByEvents = false

    func run() async throws {
        guard let runFor = ConfigDuration.parse(duration), runFor > .zero else {
            throw ValidationError("invalid duration \"\(duration)\": use e.g. 60s or 2m")
        }
        let workspace = try DemoWorkspace.create()
        defer { if !keep { workspace.remove() } }
        let aws = try DemoAWS(home: workspace.directory + "/home")
        defer { aws.stop() }
        try workspace.appendToConfig("\n" + aws.probeTable + "\n")
        // The daemon finds the simulated endpoints through the AWS variables, from a file as a
        // service reads its `service.env`.
        let environmentFile = workspace.directory + "/demo.env"
        try aws.environment(base: [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined()
            .write(toFile: environmentFile, atomically: true, encoding: .utf8)
        chmod(environmentFile, 0o600)
        let common = [
            "--config-dir", workspace.configDirectory, "--state-dir", workspace.stateDirectory,
            "--environment-file", environmentFile,
        ]
        DemoOutput.say(
            """
            sso-self-healing demo: an AWS SSO session ("demo-sso", two profiles on it) is refreshed, then ends, then is renewed \
            by a new login; a scripted plug-in (probe "vpn") walks ok → degraded → expired → ok. Alerts appear \
            on the console channel as they are delivered. Configuration: \(workspace.configDirectory)
            """)
        let stopper = Task {
            if pacedByEvents {
                try await DemoProgress(stateDirectory: workspace.stateDirectory).waitUntilTheStoryIsTold(within: runFor)
            } else {
                try await Task.sleep(for: runFor)
            }
            // As a service manager stops the daemon: it finishes deliveries under way and returns.
            kill(getpid(), SIGTERM)
        }
        let stateDirectory = workspace.stateDirectory
        let paced = pacedByEvents
        let timeline = Task {
            if paced {
                await aws.runTimeline(pacedBy: DemoProgress(stateDirectory: stateDirectory)) { DemoOutput.complain($0) }
            } else {
                await aws.runTimeline(endAfter: runFor * 0.25, loginAfter: runFor * 0.45) { DemoOutput.complain($0) }
            }
        }
        defer { timeline.cancel() }
        var daemon = ["run", "--log-format", logFormat] + common
        if verbose { daemon.append("--verbose") }
        try await Self.runCommand(daemon)
        stopper.cancel()
        DemoOutput.say("\nstatus after the demo:")
        try await Self.runCommand(["status"] + common)
        if keep { DemoOutput.say("kept: \(workspace.directory)") }
    }

    /// Runs `sso-self-healing ARGUMENTS` in this process, the same code the installed program runs;
    /// its exit status is for information only.
    static func runCommand(_ arguments: [String]) async throws {
        guard var command = try SSOSelfHealingCommand.parseAsRoot(arguments) as? any AsyncParsableCommand else {
            throw ValidationError("not a command: \(arguments.joined(separator: " "))")
        }
        do {
            try await command.run()
        } catch let exit as ExitCode where exit.rawValue != 78 {
            _ = exit
        }
    }
}
