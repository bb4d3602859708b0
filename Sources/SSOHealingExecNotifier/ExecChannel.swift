import SSOHealingCore

/// Runs one program per event: the event's JSON on stdin, its fields in `SSO_SELF_HEALING_*` variables.
struct ExecChannel: Notifier {
    let command: [String]
    let environment: [String: String]
    let timeout: Duration
    let processEnvironment: [String: String]

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        var variables = processEnvironment
        variables.merge(environment) { _, configured in configured }
        variables.merge(EventEnvironment.variables(for: event)) { _, fromEvent in fromEvent }
        return await ProgramDelivery.run(
            command, input: event.jsonString() + "\n", inputName: "the event", environment: variables,
            timeout: timeout, secrets: environment.values, policy: .retrying)
    }
}
