import Logging
import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `alertmanager` notifier type: posts alerts to Prometheus Alertmanager's API v2
/// (`POST /api/v2/alerts`), the way Prometheus does, so that a fleet's dedup, grouping, silences,
/// inhibition and routing are Alertmanager's.
///
/// Each target's state is one alert whose labels never change while it lasts (`alertname`
/// `SSOSessionExpired` or `SSOSessionDegraded`, `probe`, `kind`, `host`, `severity`, and the
/// drop-in's `labels`), with the annotations `summary`, `remedy` and `description`. A firing
/// alert is re-sent every `resend_interval` (the channel's reminder cadence: 1 minute by default,
/// in both states) with an `endsAt` `ends_after` ahead, and the return to ok sends `endsAt` = the
/// time of the recovery. Every URL in `url` (the replicas of an HA cluster) gets every alert; the
/// delivery counts when at least one took it, and is retried when none did and a failure may
/// pass (408, 429, 5xx, network).
///
/// ```toml
/// type = "alertmanager"
/// url = ["${ALERTMANAGER_1}", "${ALERTMANAGER_2}"]
/// labels = { team = "platform" }
/// ```
///
/// Posts each event's alerts to every configured Alertmanager and maps the answers to one result.
public struct AlertmanagerNotifier: Notifier {
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

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
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

extension AlertmanagerNotifier {
    /// A notifier that posts each event's alerts to every URL in `urls`.
    ///
    /// - Parameters:
    ///   - urls: Each replica's base URL (or its full `…/api/v2/alerts` URL); never shown in a reason.
    ///   - labels: Extra labels on every alert.
    ///   - endsAfter: How far ahead of the delivery a firing alert's `endsAt` lies.
    ///   - headers: Fields sent with every request; their values are never shown in a reason.
    ///   - timeout: The time one request may take, connection included.
    ///   - client: The HTTP client.
    ///   - logger: Where a replica that missed an alert others took is reported.
    ///   - now: The clock `endsAt` is computed from.
    public init(
        urls: [String], labels: [String: String] = [:], endsAfter: Duration = .seconds(1800),
        headers: HTTPHeaders = [:], timeout: Duration = .seconds(10), client: any HTTPTransport = HTTPClient(),
        logger: Logger = Logger(label: "sso-self-healing.alertmanager"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            endpoints: urls.map(Self.endpoint(for:)), headers: headers, extraLabels: labels, endsAfter: endsAfter,
            timeout: timeout, client: client, logger: logger, now: now)
    }
}
