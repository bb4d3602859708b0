import Logging

/// A configuration brought to life: each enabled probe and each channel built by its factory.
public struct Runtime: Sendable {
    /// One probe, ready to run.
    public struct ProbeSlot: Sendable {
        /// Its table.
        public var configuration: ProbeConfiguration
        /// The probe.
        public var probe: any Probe
        /// Its name, kind and thresholds as the planner sees them.
        public var target: NotificationPlanner.Target

        /// Creates a slot.
        public init(configuration: ProbeConfiguration, probe: any Probe, target: NotificationPlanner.Target) {
            self.configuration = configuration
            self.probe = probe
            self.target = target
        }
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
    public var probes: [ProbeSlot]
    /// The channels, in drop-in order.
    public var channels: [Channel]

    /// Creates a runtime from probes and channels already built (``build(configuration:registry:environment:stateDirectory:logger:)``
    /// builds them from a configuration).
    public init(configuration: Configuration, probes: [ProbeSlot], channels: [Channel]) {
        self.configuration = configuration
        self.probes = probes
        self.channels = channels
    }

    /// Builds every enabled probe and every channel; collects every factory's complaint.
    public static func build(
        configuration: Configuration, registry: Registry, environment: [String: String], stateDirectory: String,
        logger: Logger
    ) throws(ConfigurationError) -> Runtime {
        var diagnostics: [ConfigDiagnostic] = []
        var probes: [ProbeSlot] = []
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
                let tracker = HealthTracker(
                    failureThreshold: probe.failureThreshold, successThreshold: probe.successThreshold)
                probes.append(
                    ProbeSlot(
                        configuration: probe, probe: built,
                        target: NotificationPlanner.Target(
                            name: probe.name, kind: probe.type, tracker: tracker,
                            healsAutomatically: (built as? any HealingProbe)?.healsAutomatically ?? false)))
            } catch let diagnostic as ConfigDiagnostic {
                diagnostics.append(diagnostic)
            } catch {
                diagnostics.append(probe.section.error("cannot set up probe: \(error)"))
            }
        }
        var channels: [Channel] = []
        // Every channel's reasons pass through the one redactor before they are logged or stored.
        let redactor = configuration.redactor
        for notifier in configuration.notifiers {
            guard let factory = registry.notifierFactory(for: NotifierType(rawValue: notifier.type)) else {
                diagnostics.append(notifier.section.error("unknown notifier type \"\(notifier.type)\"", key: "type"))
                continue
            }
            var channelLogger = logger
            channelLogger[metadataKey: "channel"] = "\(notifier.name)"
            var notifier = notifier
            if notifier.routing.repeatInterval == nil {
                notifier.routing.repeatInterval = factory.defaultRepeatInterval(notifier.section)
            }
            do {
                let built = try factory.make(
                    NotifierContext(
                        configuration: notifier, logger: channelLogger, environment: environment,
                        daemon: configuration.daemon))
                channels.append(
                    Channel(configuration: notifier, notifier: RedactingNotifier(built, redactor: redactor)))
            } catch let diagnostic as ConfigDiagnostic {
                diagnostics.append(diagnostic)
            } catch {
                diagnostics.append(notifier.section.error("cannot set up notifier: \(error)"))
            }
        }
        guard diagnostics.isEmpty else { throw ConfigurationError(diagnostics: diagnostics) }
        return Runtime(configuration: configuration, probes: probes, channels: channels)
    }

    /// The channels' routes, for the planner.
    public var routes: [ChannelRoute] {
        channels.map { ChannelRoute(name: $0.name, routing: $0.configuration.routing) }
    }
}
