/// A channel whose delivery results never reveal a configured secret: the reason a notifier
/// gives (which may quote a server that echoes the request's headers or path) passes through the
/// configuration's ``Redactor`` before the bus logs it, stores it in the outbox or shows it in
/// `notifiers test`, and the event it is handed has no secret in its text either.
public struct RedactingNotifier: Notifier {
    /// The channel itself.
    public let base: any Notifier
    /// The secrets to hide.
    public let redactor: Redactor

    /// Wraps `base`.
    public init(_ base: any Notifier, redactor: Redactor) {
        self.base = base
        self.redactor = redactor
    }

    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let result = await base.deliver(redactor.isEmpty ? event : redacted(event))
        return redactor.redact(result)
    }

    private func redacted(_ event: AlertEvent) -> AlertEvent {
        var event = event
        event.summary = redactor.redact(event.summary)
        event.remedy = event.remedy.map(redactor.redact)
        event.details = event.details.mapValues(redactor.redact)
        return event
    }
}

extension Redactor {
    /// `result` with its reason redacted.
    public func redact(_ result: DeliveryResult) -> DeliveryResult {
        switch result {
        case .delivered: .delivered
        case .retry(let after, let reason): .retry(after: after, reason: redact(reason))
        case .failed(let reason): .failed(reason: redact(reason))
        }
    }
}
