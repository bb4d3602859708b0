import ArgumentParser
import Logging
import SSOHealingCore
import ServiceLifecycle

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

extension SSOSelfHealingCommand {
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
        var logFormat: LogFormat = .text

        @Flag(name: .long, help: "Log debug details.")
        var verbose = false

        @Flag(name: .customLong("keep"), help: "Keep the temporary directory and print its path.")
        var keep = false

        func run() async throws {
            guard let runFor = ConfigDuration.parse(duration), runFor > .zero else {
                throw ValidationError("invalid duration \"\(duration)\": use e.g. 60s or 2m")
            }
            let workspace = try DemoWorkspace.create()
            defer { if !keep { workspace.remove() } }
            let aws = try DemoAWS(home: workspace.directory + "/home")
            defer { aws.stop() }
            try workspace.appendToConfig("\n" + aws.probeTable + "\n")
            var global = GlobalOptions()
            global.configDirectory = workspace.configDirectory
            global.stateDirectory = workspace.stateDirectory
            global.logFormat = logFormat
            global.verbose = verbose
            var context = CommandContext(global: global)
            context.environment = aws.environment(base: context.environment)
            let logger = context.logger
            Output.print(
                """
                sso-self-healing demo: an AWS SSO session ("demo-sso", two profiles on it) is refreshed, then ends, then is renewed \
                by a new login; a scripted plug-in (probe "vpn") walks ok → degraded → expired → ok. Alerts appear \
                on the console channel as they are delivered. Configuration: \(workspace.configDirectory)
                """)
            let engine = try context.engineOrExit()
            let reloadContext = context
            let daemon = DaemonService(engine: engine, logger: logger, load: { reloadContext.buildEngine() })
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup)],
                    logger: logger))
            let stopper = Task {
                try await Task.sleep(for: runFor)
                await group.triggerGracefulShutdown()
            }
            let timeline = Task {
                await aws.runTimeline(endAfter: runFor * 0.25, loginAfter: runFor * 0.45) { Output.error($0) }
            }
            defer { timeline.cancel() }
            try await group.run(shuttingDownOn: ServiceGroup.shutdownSignals)
            stopper.cancel()
            Output.print("\nstatus after the demo:")
            let state = try context.store.read()
            Output.print(
                StatusReport.text(state: state, names: engine.runtime.probes.map(\.target.name), now: Date()),
                terminator: "")
            if keep { Output.print("kept: \(workspace.directory)") }
        }
    }
}

/// The demo's temporary configuration and state.
struct DemoWorkspace {
    let directory: String
    var configDirectory: String { directory + "/config" }
    var stateDirectory: String { directory + "/state" }

    static func create() throws -> DemoWorkspace {
        var template = Array((TemporaryFolder.path + "/sso-self-healing-demo.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ValidationError("cannot create a temporary directory")
        }
        let workspace = DemoWorkspace(directory: String(cString: made))
        try FileManager.default.createDirectory(
            atPath: workspace.configDirectory + "/notifiers.d", withIntermediateDirectories: true)
        let script = workspace.directory + "/vpn-check.sh"
        // A Nagios-style plug-in whose answer follows a script: each run reads and bumps a counter.
        try """
        #!/bin/sh
        counter="\(workspace.directory)/runs"
        n=$(cat "$counter" 2>/dev/null || echo 0)
        echo $((n + 1)) > "$counter"
        if [ "$n" -lt 3 ]; then echo "VPN gateway answers in 12 ms | rtt=12ms"; exit 0; fi
        if [ "$n" -lt 7 ]; then echo "VPN gateway slow: 870 ms | rtt=870ms"; exit 1; fi
        if [ "$n" -lt 13 ]; then echo "VPN gateway unreachable"; exit 2; fi
        echo "VPN gateway answers in 14 ms | rtt=14ms"; exit 0
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        try """
        # Written by `sso-self-healing demo`.
        [daemon]
        interval = "2s"
        jitter = "0"

        [probe.vpn]
        type = "command"
        command = ["\(script)"]
        remedy = "restart the VPN client"
        failure_threshold = 2
        """.write(toFile: workspace.configDirectory + "/config.toml", atomically: true, encoding: .utf8)
        try """
        # The console channel: one line per alert on stderr, reminders every 8 s while expired.
        type = "console"
        repeat_interval = "8s"
        """.write(toFile: workspace.configDirectory + "/notifiers.d/10-console.toml", atomically: true, encoding: .utf8)
        return workspace
    }

    /// Adds `text` to the end of `config.toml`.
    func appendToConfig(_ text: String) throws {
        let path = configDirectory + "/config.toml"
        let current = try String(contentsOfFile: path, encoding: .utf8)
        try (current + text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
