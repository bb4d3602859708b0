/// A channel as the planner sees it: its name and its routing.
public struct ChannelRoute: Sendable, Equatable {
    /// The channel's name.
    public var name: String
    /// Which events it takes and how often it is reminded.
    public var routing: NotifierRouting

    /// Creates a route.
    public init(name: String, routing: NotifierRouting = NotifierRouting()) {
        self.name = name
        self.routing = routing
    }

    /// The reminder interval in `state`: the channel's own, else 4 h when expired and never when degraded.
    public func repeatInterval(in state: HealthState) -> Duration? {
        let interval = routing.repeatInterval ?? (state == .expired ? .seconds(4 * 3600) : nil)
        guard let interval, interval > .zero else { return nil }
        return interval
    }

    /// Whether an event of `probe` with `severity` passes the probe filter and severity floor.
    func accepts(probe: String, severity: Severity) -> Bool {
        if let probes = routing.probes, !probes.contains(probe) { return false }
        return severity >= routing.minSeverity
    }
}
