import SSOHealingCore
import SSOHealingHTTP

/// What a Teams Workflows webhook's answer means for the delivery.
///
/// The workflow's trigger answers `202 Accepted` (no body) once it has started a run that posts
/// the card; otherwise an error status with `{"error": {"code": …, "message": …}}`: 400
/// `InvalidRequestContent` (a body that is not JSON), 401 `DirectApiAuthorizationRequired` or
/// `DirectApiInvalidAuthorizationSignature` (the URL's `sig` is missing or wrong), 404 (the
/// workflow was deleted), 429 (the flow is throttled, with `Retry-After`), 5xx. The mapping is
/// ``HTTPDeliveryOutcome``'s.
enum TeamsReply {
    /// The delivery result for `response` in the workflow's words, without `secrets`.
    static func result(for response: HTTPResponse, hiding secrets: [String], sent: String) -> DeliveryResult {
        let outcome = HTTPDeliveryOutcome(response)
        guard outcome != .delivered else { return .delivered }
        let (code, explanation) = explanation(of: response.bodyText)
        let said =
            ErrorExcerpt.excerpt(of: explanation, hiding: secrets, repeating: sent, inputName: "the card sent")
            .map { ": \($0)" } ?? ""
        switch outcome {
        case .retry where response.status == 429:
            return outcome.result(reason: "the Teams workflow is throttled (HTTP 429)\(said)")
        case .retry:
            return outcome.result(reason: "the Teams workflow answered HTTP \(response.status)\(said)")
        case .delivered, .failed:
            var reason = "the Teams workflow refused the message (HTTP \(response.status))\(said)"
            if let hint = hint(code: code, status: response.status) { reason += " — " + hint }
            return outcome.result(reason: reason)
        }
    }

    /// The result for a request that got no answer: ``HTTPDeliveryOutcome``'s.
    static func result(for error: HTTPClientError) -> DeliveryResult {
        HTTPDeliveryOutcome.result(for: error, service: "Teams workflow")
    }

    /// The error's code and `code: message` from the workflow's JSON answer; the body itself
    /// when it is not that JSON.
    static func explanation(of body: String) -> (code: String?, text: String) {
        guard let json = JSONValue.parse(body), let error = json["error"] else { return (nil, body) }
        let code = error["code"]?.stringValue
        let message = error["message"]?.stringValue
        let text = [code, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        return (code, text.isEmpty ? body : text)
    }

    private static func hint(code: String?, status: Int) -> String? {
        switch status {
        case 401, 403:
            return "the URL's signature was refused: copy the URL again from the workflow's trigger"
        case 404:
            return "the workflow was deleted or the URL is mistyped: check url"
        default:
            if code == "InvalidRequestContent" { return "the workflow takes JSON only" }
            return HTTPDeliveryOutcome.note(forStatus: status)
        }
    }
}
