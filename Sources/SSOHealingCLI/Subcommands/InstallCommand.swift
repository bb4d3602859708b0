import ArgumentParser
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SSOSelfHealingCommand {
    /// `install`: write (or print) a launchd agent or systemd user units that run this program.
    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Write (or print) a launchd agent or systemd user units that run sso-self-healing.",
            discussion: """
                --mode timer runs `check` every --interval (10m): a systemd oneshot service and a timer \
                with Persistent=true, or a launchd StartInterval. --mode daemon runs `run`, kept alive by \
                the service manager (its interval is [daemon] interval in config.toml). Without --mode: \
                daemon when a probe in config.toml heals (heal = "device-code"; a device link lasts about \
                ten minutes, and only the daemon collects the approval within seconds), else timer \
                (--interval alone also means timer); install says which and why. \
                The files name this program, the configuration and state directories by absolute path, \
                and carry PATH and the AWS_* settings of the current environment. Secrets are not \
                written: the program reads the variables the configuration names from \
                <config-dir>/service.env (KEY=value lines as systemd's EnvironmentFile= reads them, no \
                shell; chmod 600) at every start and reload: install gives the service \
                --environment-file with that path, or the one install itself was given. \
                Nothing is started: the command prints what to run next. Exit status: 0, or 1 with a reason.
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var service: ServiceManagerOptions

        @Option(
            help: ArgumentHelp(
                "daemon (run, kept alive) or timer (check every --interval). Default: daemon when a probe heals, else timer.",
                valueName: "mode"))
        var mode: ServicePlan.Mode?

        @Option(help: ArgumentHelp("How often the timer runs check (timer mode; default 10m).", valueName: "duration"))
        var interval: String?

        @Option(
            help: ArgumentHelp(
                "The program the service runs (default: this one), e.g. a stable symlink such as /opt/homebrew/bin/sso-self-healing.",
                valueName: "path"))
        var executable: String?

        @Flag(name: .customLong("print"), help: "Print the files instead of writing them.")
        var printOnly = false

        func validate() throws {
            if let interval {
                guard mode != .daemon else {
                    throw ValidationError(
                        "--interval applies to --mode timer; the daemon's interval is [daemon] interval in config.toml")
                }
                guard let duration = ConfigDuration.parse(interval) else {
                    throw ValidationError("invalid --interval \"\(interval)\": use a duration such as \"10m\"")
                }
                guard duration >= .seconds(60) else {
                    throw ValidationError("--interval \"\(interval)\" is too short: at least 1m")
                }
            }
        }

        func run() async throws {
            var context = CommandContext(global: global)
            // The configuration is judged with the environment file the service will read.
            context.global.environmentFile = context.global.environmentFile ?? defaultEnvironmentFile(context)
            let environment = context.environment
            let choice = ServiceModeChoice(
                given: mode, intervalGiven: interval != nil,
                healingProbes: ServicePlan.healingProbes(in: context.configDirectory))
            let plan = try makePlan(context: context, mode: choice.mode)
            let files: [ServiceFile]
            switch service.chosen {
            case .systemd: files = SystemdUnits.files(for: plan, in: SystemdUnits.directory(environment: environment))
            case .launchd: files = [LaunchdPlist.file(for: plan, in: LaunchdPlist.directory(environment: environment))]
            }
            let loaded = context.loadConfiguration()
            if !loaded.errors.isEmpty {
                Output.error(
                    "warning: the configuration in \(plan.configDirectory) has errors (see `sso-self-healing config check --environment-file \(plan.environmentFile)`); the service will stop with exit 78 until they are fixed"
                )
            }
            if let note = choice.note {
                // With --print, standard output holds the files alone.
                if printOnly || choice.isWarning { Output.error(note) } else { Output.print(note) }
            }
            if printOnly {
                for file in files {
                    Output.error("would write \(file.path)")
                    if service.chosen == .systemd { Output.print("### \(file.path)") }
                    Output.print(file.contents, terminator: "")
                }
                return
            }
            try write(files)
            reportEnvironmentFile(plan)
            Output.print("next: " + nextStep(plan, files: files))
        }

        private func makePlan(context: CommandContext, mode: ServicePlan.Mode) throws -> ServicePlan {
            let environment = context.environment
            guard let program = executable.map(Paths.absolute) ?? RunningExecutable.path() else {
                throw fail("cannot tell where this program is; name it with --executable")
            }
            guard FileManager.default.isExecutableFile(atPath: program) else {
                throw fail("\(program) is not an executable file")
            }
            let configDirectory = context.configDirectory
            var carried: [(name: String, value: String)] = []
            for name in ServicePlan.carriedVariables {
                guard var value = environment[name], !value.isEmpty else { continue }
                if name == "PATH" { value = ServicePlan.cleanedSearchPath(value) }
                carried.append((name, value))
            }
            return ServicePlan(
                label: service.resolvedLabel, mode: mode,
                interval: interval.flatMap(ConfigDuration.parse) ?? .seconds(600), executable: program,
                configDirectory: configDirectory, stateDirectory: context.stateDirectory, environment: carried,
                environmentFile: context.global.resolvedEnvironmentFile ?? defaultEnvironmentFile(context),
                configuredVariables: ServicePlan.configuredVariables(in: configDirectory),
                home: Paths.home(environment: environment))
        }

        /// `<config-dir>/service.env`: the service's environment file unless `--environment-file` names one.
        private func defaultEnvironmentFile(_ context: CommandContext) -> String {
            PathString.join(context.configDirectory, "service.env")
        }

        private func write(_ files: [ServiceFile]) throws {
            for file in files where FileManager.default.fileExists(atPath: file.path) {
                let existing = (try? String(contentsOfFile: file.path, encoding: .utf8)) ?? ""
                guard existing.contains(ServicePlan.marker) else {
                    throw fail(
                        "\(file.path) exists and was not written by sso-self-healing install: move it away or choose another --label"
                    )
                }
            }
            for file in files {
                let directory = PathString.parent(of: file.path)
                let existed = FileManager.default.fileExists(atPath: file.path)
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    try AtomicFile.write(Data(file.contents.utf8), to: file.path, mode: 0o644)
                } catch {
                    throw fail("cannot write \(file.path): \(error)")
                }
                Output.print("\(existed ? "updated" : "wrote") \(file.path)")
            }
        }

        private func reportEnvironmentFile(_ plan: ServicePlan) {
            let missing = plan.configuredVariables.filter { name in
                !plan.environment.contains { $0.name == name }
            }
            let file = plan.environmentFile
            guard FileManager.default.fileExists(atPath: file) else {
                if !missing.isEmpty {
                    Output.print(
                        "the configuration names \(missing.joined(separator: ", ")): set them in \(file) (KEY=value lines, as systemd's EnvironmentFile= reads them, no shell; chmod 600); the program reads it at every start and reload"
                    )
                }
                return
            }
            let read = EnvironmentFile.read(file)
            for diagnostic in read.diagnostics { Output.error(diagnostic.description) }
            let unset = missing.filter { read.variables[$0] == nil }
            if !unset.isEmpty {
                Output.print("\(file) does not set \(unset.joined(separator: ", ")), which the configuration names")
            }
        }

        private func nextStep(_ plan: ServicePlan, files: [ServiceFile]) -> String {
            switch service.chosen {
            case .systemd:
                return
                    "systemctl --user daemon-reload && systemctl --user enable --now \(SystemdUnits.enabledUnit(for: plan))"
            case .launchd:
                let path = files[0].path
                return
                    "launchctl bootout gui/$(id -u)/\(plan.label) 2>/dev/null; launchctl bootstrap gui/$(id -u) \(path)"
            }
        }
    }
}

/// Prints `reason` and returns the exit status 1 to throw.
func fail(_ reason: String) -> ExitCode {
    Output.error(reason)
    return ExitCode(1)
}
