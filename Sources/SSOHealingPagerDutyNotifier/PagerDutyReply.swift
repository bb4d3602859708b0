import SSOHealingCore
import SSOHealingHTTP

/// What the Events API's answer means for the delivery.
///
/// PagerDuty answers `202` with `{"status": "success", "message": "Event processed",
/// "dedup_key": …}`; `400` with `{"status": "invalid event", "message": "Event object is
/// invalid", "errors": [ … ]}` for an event it will never take (a malformed routing key, a
/// missing summary); `429` when the service is throttled, and `5xx` when it failed. The mapping
/// is ``HTTPDeliveryOutcome``'s: 2xx delivered; 408, 429 and 5xx retried; anything else failed.
enum PagerDutyReply {
    /// The delivery result for `response` in PagerDuty's words: its `message` and `errors`,
    /// without `secrets`, cut to ``ErrorExcerpt/maxLength``.
    static func result(for response: HTTPResponse, hiding secrets: [String], sent: String) -> DeliveryResult {
        let outcome = HTTPDeliveryOutcome(response)
        guard outcome != .delivered else { return .delivered }
        let said =
            ErrorExcerpt.excerpt(
                of: explanation(of: response.bodyText), hiding: secrets, repeating: sent, inputName: "the event sent"
            ).map { ": \($0)" } ?? ""
        switch outcome {
        case .retry where response.status == 429:
            return outcome.result(reason: "PagerDuty is throttling events (HTTP 429)\(said)")
        case .retry:
            return outcome.result(reason: "PagerDuty answered HTTP \(response.status)\(said)")
        case .delivered, .failed:
            var reason = "PagerDuty refused the event (HTTP \(response.status))\(said)"
            if let hint = hint(for: response) { reason += " — " + hint }
            return outcome.result(reason: reason)
        }
    }

    /// The result for a request that got no answer: ``HTTPDeliveryOutcome``'s.
    static func result(for error: HTTPClientError) -> DeliveryResult {
        HTTPDeliveryOutcome.result(for: error, service: "PagerDuty")
    }

    /// `message (error; error)` from PagerDuty's JSON answer, the `status` when it has no
    /// message; the body itself when it is not that JSON.
    static func explanation(of body: String) -> String {
        guard let json = JSONValue.parse(body), case .object = json else { return body }
        let errors = (json["errors"]?.arrayValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }
        guard let message = json["message"]?.stringValue ?? json["status"]?.stringValue, !message.isEmpty else {
            return errors.isEmpty ? body : errors.joined(separator: "; ")
        }
        return errors.isEmpty ? message : "\(message) (\(errors.joined(separator: "; ")))"
    }

    private static func hint(for response: HTTPResponse) -> String? {
        if response.status == 400,
            response.bodyText.contains("routing_key") || response.bodyText.contains("routing key")
        {
            return "check routing_key: the Integration Key of the service's Events API v2 integration"
        }
        if response.status == 404 {
            return "check api_url: the Events API's base URL, such as https://events.pagerduty.com"
        }
        return HTTPDeliveryOutcome.note(forStatus: response.status)
    }
}
