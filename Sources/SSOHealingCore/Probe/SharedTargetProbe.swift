/// A probe whose target other probes may watch too: an AWS SSO session that several
/// `[probe.NAME]` tables reach through different profiles.
///
/// ``BuiltConfiguration/build(configuration:registry:environment:stateDirectory:logger:disablingBrokenChannels:)`` merges the
/// probes of one kind that name the same ``targetName`` into one slot: one target, one
/// fingerprint (`kind:targetName`), one alert per state change.
///
/// ```swift
/// struct AWSSSOProbe: SharedTargetProbe {
///     var targetName: String { "corp" }                     // the SSO session
///     func merged(with other: any SharedTargetProbe) -> any SharedTargetProbe { … }  // the union
///     func check() async -> ProbeResult { … }
/// }
/// ```
public protocol SharedTargetProbe: Probe {
    /// The target's name: the probes of one kind with the same name are one target.
    var targetName: String { get }

    /// A probe that watches what `self` and `other` watch (both name the same target); `self`
    /// when `other` is of a type it cannot merge with.
    func merged(with other: any SharedTargetProbe) -> any SharedTargetProbe
}
