import Logging

/// A configuration built: each enabled probe (merged into one per target) and each channel, made by its factory.
public struct BuiltConfiguration: Sendable {
    /// The probe of one target (the probes that watch one target are merged into it), ready to run.
    public struct TargetProbe: Sendable {
        /// Its table.
        public var configuration: ProbeConfiguration
        /// The probe.
        public var probe: any Probe
        /// Its name, kind and thresholds as the planner sees them.
        public var target: NotificationPlanner.Target
        /// The names of the `[probe.NAME]` tables merged into this slot (see ``SharedTargetProbe``),
        /// in configuration order; just its own name for most probes.
        public var probeNames: [String]

        /// Creates a slot.
        public init(
            configuration: ProbeConfiguration, probe: any Probe, target: NotificationPlanner.Target,
            probeNames: [String]? = nil
        ) {
            self.configuration = configuration
            self.probe = probe
            self.target = target
            self.probeNames = probeNames ?? [configuration.name]
        }

        /// Whether `name` names this slot: its target, or one of its probes.
        public func answers(to name: String) -> Bool { target.name == name || probeNames.contains(name) }

        /// The probe names that were this target's name in earlier versions, before probes of one
        /// target were merged (the state kept targets by probe name).
        public var formerNames: [String] { probeNames.filter { $0 != target.name } }

        /// Whether this is the daemon's own target, `sso-self-healing:config`
        /// (``ConfigurationHealthProbe``), rather than a configured probe's.
        public var isConfigurationHealth: Bool { target.kind == ConfigurationHealthProbe.kind }
    }

    /// One channel, ready to deliver.
    public struct Channel: Sendable {
        /// Its drop-in.
        public var configuration: NotifierConfiguration
        /// The notifier.
        public var notifier: any Notifier

        /// The channel's name.
        public var name: String { configuration.name }

        /// Creates a channel.
        public init(configuration: NotifierConfiguration, notifier: any Notifier) {
            self.configuration = configuration
            self.notifier = notifier
        }
    }

    /// The configuration it was built from.
    public var configuration: Configuration
    /// The enabled probes, in configuration order.
    public var probes: [TargetProbe]
    /// The channels, in drop-in order.
    public var channels: [Channel]
    /// The errors of the drop-ins whose channels are left out: the loader's
    /// (``Configuration/brokenDropIns``) and, when building with `disablingBrokenChannels`, the
    /// factories'.
    public var channelProblems: [ConfigDiagnostic] = []

    /// Creates a runtime from probes and channels already built (``build(configuration:registry:environment:stateDirectory:logger:disablingBrokenChannels:)``
    /// builds them from a configuration).
    public init(configuration: Configuration, probes: [TargetProbe], channels: [Channel]) {
        self.configuration = configuration
        self.probes = probes
        self.channels = channels
    }

    /// Builds every enabled probe and every channel; collects every factory's complaint.
    ///
    /// With `disablingBrokenChannels`, a channel whose factory refuses its drop-in is left out and
    /// its error joins ``channelProblems`` rather than failing the build; a probe's never does.
    public static func build(
        configuration: Configuration, registry: Registry, environment: [String: String], stateDirectory: String,
        logger: Logger, disablingBrokenChannels: Bool = false
    ) throws(ConfigurationError) -> BuiltConfiguration {
        var diagnostics: [ConfigDiagnostic] = []
        var probes: [TargetProbe] = []
        for probe in configuration.enabledProbes {
            guard let factory = registry.probeFactory(for: probe.type) else {
                diagnostics.append(probe.section.error("unknown probe type \"\(probe.type)\"", key: "type"))
                continue
            }
            var probeLogger = logger
            probeLogger[metadataKey: "probe"] = "\(probe.name)"
            let context = ProbeContext(
                configuration: probe, logger: probeLogger, environment: environment, stateDirectory: stateDirectory)
            do {
                let built = try factory.make(context)
                if let shared = built as? any SharedTargetProbe,
                    let index = probes.firstIndex(where: {
                        $0.target.kind == probe.type && $0.target.name == shared.targetName
                    }),
                    let existing = probes[index].probe as? any SharedTargetProbe
                {
                    let merged = existing.merged(with: shared)
                    probes[index].probe = merged
                    probes[index].probeNames.append(probe.name)
                    probes[index].target.healsAutomatically =
                        (merged as? any HealingProbe)?.healsAutomatically ?? false
                    let names = probes[index].probeNames.joined(separator: ", ")
                    logger.notice(
                        "probes \(names) watch the same \(probe.type) target \(shared.targetName): one target, one alert per change",
                        metadata: ["target": "\(probe.type):\(shared.targetName)"])
                    continue
                }
                let targetName = (built as? any SharedTargetProbe)?.targetName ?? probe.name
                if let clash = probes.first(where: { $0.target.name == targetName }) {
                    diagnostics.append(
                        probe.section.error(
                            "probe \(probe.name) watches target \(targetName), which probe "
                                + "\(clash.configuration.name) (type \(clash.target.kind)) names too: rename one"))
                    continue
                }
                let tracker = HealthTracker(
                    failureThreshold: probe.failureThreshold, successThreshold: probe.successThreshold)
                probes.append(
                    TargetProbe(
                        configuration: probe, probe: built,
                        target: NotificationPlanner.Target(
                            name: targetName, kind: probe.type, tracker: tracker,
                            healsAutomatically: (built as? any HealingProbe)?.healsAutomatically ?? false)))
            } catch let diagnostic as ConfigDiagnostic {
                diagnostics.append(diagnostic)
            } catch {
                diagnostics.append(probe.section.error("cannot set up probe: \(error)"))
            }
        }
        var channels: [Channel] = []
        var channelProblems = configuration.brokenDropIns
        // Every channel's reasons pass through the one redactor before they are logged or stored.
        let redactor = configuration.redactor
        for notifier in configuration.notifiers {
            guard let factory = registry.notifierFactory(for: NotifierType(rawValue: notifier.type)) else {
                let problem = notifier.section.error("unknown notifier type \"\(notifier.type)\"", key: "type")
                if disablingBrokenChannels { channelProblems.append(problem) } else { diagnostics.append(problem) }
                continue
            }
            var channelLogger = logger
            channelLogger[metadataKey: "channel"] = "\(notifier.name)"
            var notifier = notifier
            if notifier.routing.repeatInterval == nil {
                notifier.routing.repeatInterval = factory.defaultRepeatInterval(notifier.section)
            }
            notifier.routing.remindsBetweenCycles = factory.remindsBetweenCycles
            do {
                let built = try factory.make(
                    NotifierContext(
                        configuration: notifier, logger: channelLogger, environment: environment,
                        daemon: configuration.daemon))
                channels.append(
                    Channel(configuration: notifier, notifier: RedactingNotifier(built, redactor: redactor)))
            } catch {
                let problem =
                    (error as? ConfigDiagnostic) ?? notifier.section.error("cannot set up notifier: \(error)")
                if disablingBrokenChannels { channelProblems.append(problem) } else { diagnostics.append(problem) }
            }
        }
        guard diagnostics.isEmpty else { throw ConfigurationError(diagnostics: diagnostics) }
        var built = BuiltConfiguration(configuration: configuration, probes: probes, channels: channels)
        built.channelProblems = channelProblems
        return built
    }

    /// Adds the daemon's own target, `sso-self-healing:config` (``ConfigurationHealthProbe``),
    /// when a channel is disabled (``channelProblems``), or when `state` remembers it failing,
    /// so that the fix is announced as its resolution; returns whether it was added.
    ///
    /// A configured target that already has its name (a probe or SSO session named `config`)
    /// keeps it: the daemon's own target is then left out, and its problems only logged.
    @discardableResult
    public mutating func watchConfigurationHealth(remembering state: EngineState?) -> Bool {
        let name = ConfigurationHealthProbe.targetName
        let remembered = state?.targets[name].map {
            $0.kind == ConfigurationHealthProbe.kind && ($0.health.state == .degraded || $0.health.state == .expired)
        }
        guard !channelProblems.isEmpty || remembered == true, !probes.contains(where: { $0.target.name == name })
        else { return false }
        let configuration = ConfigurationHealthProbe.configuration(
            problems: channelProblems, file: channelProblems.first?.file ?? name)
        probes.append(
            TargetProbe(
                configuration: configuration, probe: ConfigurationHealthProbe(problems: channelProblems),
                target: NotificationPlanner.Target(
                    name: name, kind: ConfigurationHealthProbe.kind,
                    tracker: HealthTracker(failureThreshold: 1, successThreshold: 1))))
        return true
    }

    /// The channels' routes, for the planner. A channel's `probes` list names probes; a target
    /// that merged probes (``SharedTargetProbe``) is routed to it when any of them is listed.
    /// The daemon's own target (``ConfigurationHealthProbe``) is routed to every channel: it
    /// speaks of the channels themselves.
    public var routes: [ChannelRoute] {
        channels.map { channel in
            var routing = channel.configuration.routing
            if let listed = routing.probes {
                let targets = probes.filter { slot in
                    slot.isConfigurationHealth || listed.contains(where: slot.answers(to:))
                }.map(\.target.name)
                routing.probes = listed + targets.filter { !listed.contains($0) }
            }
            return ChannelRoute(name: channel.name, routing: routing)
        }
    }

    /// The slot that `name` names: a target, or a probe merged into one.
    public func slot(named name: String) -> TargetProbe? {
        probes.first { $0.target.name == name } ?? probes.first { $0.answers(to: name) }
    }
}
