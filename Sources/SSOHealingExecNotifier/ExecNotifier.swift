import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `exec` notifier type: any program, given the event's JSON on stdin and `SSO_SELF_HEALING_*`
/// variables in its environment.
///
/// Exit 0 means delivered; 75 (`EX_TEMPFAIL`) or running past the drop-in's `timeout` (the
/// program's process group is then killed) means try again later; any other exit means failed.
///
/// ```toml
/// type = "exec"
/// command = ["/usr/local/bin/page-oncall", "--team", "platform"]
/// environment = { PAGER_TOKEN = "${PAGER_TOKEN}" }
/// timeout = "30s"
/// ```
///
/// The program inherits only what `ProgramEnvironment` lets through (and the names in
/// `pass_environment`), never the daemon's other variables: another channel's secrets stay out.
///
/// Runs one program per event: the event's JSON on stdin, its fields in `SSO_SELF_HEALING_*` variables.
public struct ExecNotifier: Notifier {
    let command: [String]
    let environment: [String: String]
    let timeout: Duration
    let processEnvironment: [String: String]

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        var variables = processEnvironment
        variables.merge(environment) { _, configured in configured }
        variables.merge(EventEnvironment.variables(for: event)) { _, fromEvent in fromEvent }
        return await ProgramDelivery.run(
            command, input: event.jsonString() + "\n", inputName: "the event", environment: variables,
            timeout: timeout, secrets: environment.values, policy: .retrying)
    }

    /// A notifier that runs `command` once per event.
    ///
    /// - Parameters:
    ///   - command: The program and its arguments; a program without `/` is looked up on the `PATH`
    ///     of the resulting environment.
    ///   - environment: Variables added to `processEnvironment`; treated as secrets, never shown in reasons.
    ///   - timeout: How long one run may take before its process group is killed and the delivery retried.
    ///   - passEnvironment: Variables of `processEnvironment` the program also inherits, besides
    ///     `ProgramEnvironment/baseNames` and `ProgramEnvironment/basePrefixes`.
    ///   - processEnvironment: The daemon's environment, which the program inherits only that much of.
    public init(
        command: [String], environment: [String: String] = [:], timeout: Duration = .seconds(10),
        passEnvironment: [String] = [], processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.command = command
        self.environment = environment
        self.timeout = timeout
        self.processEnvironment = ProgramEnvironment.inherited(from: processEnvironment, passing: passEnvironment)
    }
}
