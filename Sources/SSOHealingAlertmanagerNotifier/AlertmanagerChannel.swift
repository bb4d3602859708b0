import Logging
import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Posts each event's alerts to every configured Alertmanager and maps the answers to one result.
struct AlertmanagerChannel: Notifier {
    /// The `POST /api/v2/alerts` endpoint of each replica.
    let endpoints: [String]
    let headers: HTTPHeaders
    let extraLabels: [String: String]
    let endsAfter: Duration
    let timeout: Duration
    let client: any HTTPTransport
    let logger: Logger
    let now: @Sendable () -> Date

    /// The URLs' parts and the header values, hidden in anything quoted from a server.
    private var secrets: [String] {
        endpoints.flatMap { HTTPRequest(url: $0, headers: headers).secretFragments }
    }

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let alerts = AlertmanagerAlert.alerts(for: event, extraLabels: extraLabels, endsAfter: endsAfter, now: now())
        let body = AlertmanagerAlert.body(alerts)
        let results = await withTaskGroup(of: (Int, DeliveryResult).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask { (index, await post(body, to: endpoint)) }
            }
            var results: [(Int, DeliveryResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return combine(results)
    }

    /// Delivered when at least one replica took the alerts (as Prometheus, which sends to each
    /// independently: a replica that missed them gets the next re-send); otherwise retried when
    /// any failure may pass, failed when none can.
    func combine(_ results: [DeliveryResult]) -> DeliveryResult {
        func label(_ index: Int) -> String {
            results.count == 1 ? "alertmanager" : "alertmanager \(index + 1) of \(results.count)"
        }
        if results.contains(.delivered) {
            for (index, result) in results.enumerated() where result != .delivered {
                logger.warning(
                    "\(label(index)) did not take the alert (the others did; it gets the next re-send): \(result.description)"
                )
            }
            return .delivered
        }
        var retryAfter: Duration?
        var transient = false
        var reasons: [String] = []
        for (index, result) in results.enumerated() {
            switch result {
            case .delivered: break
            case .retry(let after, let reason):
                transient = true
                if let after { retryAfter = max(retryAfter ?? after, after) }
                reasons.append("\(label(index)): \(reason)")
            case .failed(let reason):
                reasons.append("\(label(index)): \(reason)")
            }
        }
        let reason = reasons.joined(separator: "; ")
        return transient ? .retry(after: retryAfter, reason: reason) : .failed(reason: reason)
    }

    private func post(_ body: String, to endpoint: String) async -> DeliveryResult {
        var fields = headers
        fields["Content-Type"] = "application/json"
        let request = HTTPRequest(
            method: "POST", url: endpoint, headers: fields, body: Array(body.utf8), timeout: timeout,
            connectTimeout: min(timeout, .seconds(5)))
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            return HTTPDeliveryOutcome.result(for: error, service: nil)
        }
        let outcome = HTTPDeliveryOutcome(response)
        guard outcome != .delivered else { return .delivered }
        let quoted = ErrorExcerpt.excerpt(
            of: response.bodyText, hiding: secrets, repeating: body, inputName: "the alerts sent")
        var reason = "answered HTTP \(response.status)" + (quoted.map { ": \($0)" } ?? "")
        if let note = HTTPDeliveryOutcome.note(forStatus: response.status) {
            reason += " (\(note))"
        } else if response.status == 404 {
            reason += " (is url the Alertmanager's base URL, with its --web.route-prefix if any?)"
        }
        return outcome.result(reason: reason)
    }
}
