import Foundation
import Logging
import SSOHealingAlertmanagerNotifier
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingNotifierConformance
import SSOHealingPagerDutyNotifier
import SSOHealingSlackNotifier
import SSOHealingTeamsNotifier
import SSOHealingTelegramNotifier
import SSOHealingTestKit
import SSOHealingWebhookNotifier
import Testing

/// The one table of what an HTTP fault means for an alert, run through the webhook, Slack,
/// Telegram, Alertmanager, PagerDuty and Teams channels against loopback servers, and through the mapping itself
/// for faults a loopback server cannot stage.
@Suite struct HTTPDeliveryOutcomeTests {
    /// What a delivery must come to, whatever the channel's wording.
    enum Expected: Equatable, Sendable {
        case delivered
        case retry(after: Duration?)
        case failed

        init(_ result: DeliveryResult) {
            switch result {
            case .delivered: self = .delivered
            case .retry(let after, _): self = .retry(after: after)
            case .failed: self = .failed
            }
        }
    }

    /// What a server does to a request.
    enum Stimulus: Sendable {
        /// Answers with `status` and, if given, a `Retry-After` of that many seconds.
        case status(Int, retryAfterSeconds: Int? = nil)
        /// Misbehaves at the transport level.
        case server(ServerFault)
        /// A failure no loopback server stages here: given to the mapping directly.
        case error(HTTPClientError)
    }

    /// A transport fault a loopback server stages.
    enum ServerFault: Sendable {
        case closesTLSHandshake
        case resetsTLSHandshake
        case selfSignedCertificate
        case refusesConnections
        case dropsConnection
    }

    /// One row: a fault, the outcome every channel must give it, and text its reason must hold.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var stimulus: Stimulus
        var expected: Expected
        var reasonMentions: String? = nil

        var testDescription: String { name }
    }

    static let origin = "https://alerts.example:443"

    static let table: [Row] = [
        Row(name: "200", stimulus: .status(200), expected: .delivered),
        Row(name: "202", stimulus: .status(202), expected: .delivered),
        Row(name: "301", stimulus: .status(301), expected: .failed, reasonMentions: "redirects are not followed"),
        Row(name: "400", stimulus: .status(400), expected: .failed),
        Row(name: "401", stimulus: .status(401), expected: .failed),
        Row(name: "403", stimulus: .status(403), expected: .failed),
        Row(name: "404", stimulus: .status(404), expected: .failed),
        Row(name: "408", stimulus: .status(408), expected: .retry(after: nil)),
        Row(name: "429", stimulus: .status(429), expected: .retry(after: nil)),
        Row(
            name: "429 with Retry-After", stimulus: .status(429, retryAfterSeconds: 7),
            expected: .retry(after: .seconds(7))),
        Row(name: "500", stimulus: .status(500), expected: .retry(after: nil)),
        Row(name: "502", stimulus: .status(502), expected: .retry(after: nil)),
        Row(name: "503", stimulus: .status(503), expected: .retry(after: nil)),
        Row(
            name: "503 with Retry-After", stimulus: .status(503, retryAfterSeconds: 30),
            expected: .retry(after: .seconds(30))),
        Row(
            name: "a server that closes the TLS handshake", stimulus: .server(.closesTLSHandshake),
            expected: .retry(after: nil)),
        Row(
            name: "a server that resets the TLS handshake", stimulus: .server(.resetsTLSHandshake),
            expected: .retry(after: nil)),
        Row(
            name: "a self-signed certificate", stimulus: .server(.selfSignedCertificate), expected: .failed,
            reasonMentions: "certificate did not verify"),
        Row(name: "a refused connection", stimulus: .server(.refusesConnections), expected: .retry(after: nil)),
        Row(name: "a dropped connection", stimulus: .server(.dropsConnection), expected: .retry(after: nil)),
        Row(name: "a timeout", stimulus: .error(.timeout(origin: origin)), expected: .retry(after: nil)),
        Row(
            name: "a connection reset", stimulus: .error(.connectionDropped(origin: origin, detail: "reset by peer")),
            expected: .retry(after: nil)),
        Row(
            name: "a host name that does not resolve", stimulus: .error(.nameResolution(origin: origin)),
            expected: .retry(after: nil)),
        Row(
            name: "a TLS handshake failure", stimulus: .error(.tls(.handshake, origin: origin)),
            expected: .retry(after: nil)),
        Row(
            name: "a certificate that does not verify", stimulus: .error(.tls(.certificate, origin: origin)),
            expected: .failed, reasonMentions: "certificate did not verify"),
        Row(name: "an unusable TLS setup", stimulus: .error(.tls(.setup, origin: origin)), expected: .failed),
        Row(
            name: "an answer too large", stimulus: .error(.responseTooLarge(origin: origin, limit: 1)),
            expected: .failed),
        Row(
            name: "a request that cannot be sent", stimulus: .error(.invalidRequest(origin: origin, reason: "bad")),
            expected: .failed),
        Row(name: "a cancelled request", stimulus: .error(.cancelled(origin: origin)), expected: .retry(after: nil)),
        Row(
            name: "another libcurl failure", stimulus: .error(HTTPClientError(.other(curlCode: 23), origin: origin)),
            expected: .failed),
    ]

    static let liveRows = table.filter {
        if case .error = $0.stimulus { false } else { true }
    }

    static let directRows = table.filter {
        if case .server = $0.stimulus { false } else { true }
    }

    @Test(arguments: liveRows)
    func theSameFaultGetsTheSameOutcomeOnEveryHTTPChannel(_ row: Row) async throws {
        let staged = try StagedFault(row.stimulus)
        defer { staged.stop() }
        for channel in Channel.allCases {
            let notifier = try channel.notifier(baseURL: staged.baseURL)
            let result = await notifier.deliver(Self.event)
            #expect(Expected(result) == row.expected, "\(channel): \(result.description)")
            if let mention = row.reasonMentions {
                #expect(result.description.contains(mention), "\(channel): \(result.description)")
            }
        }
    }

    @Test(arguments: directRows)
    func theMappingGivesEachFaultItsOutcome(_ row: Row) {
        let result: DeliveryResult
        switch row.stimulus {
        case .status(let status, let seconds):
            let headers: HTTPHeaders = seconds.map { ["Retry-After": "\($0)"] } ?? [:]
            result = HTTPDeliveryOutcome(HTTPResponse(status: status, headers: headers))
                .result(
                    reason: "HTTP \(status)" + (HTTPDeliveryOutcome.note(forStatus: status).map { ": \($0)" } ?? ""))
        case .error(let error):
            result = HTTPDeliveryOutcome.result(for: error, service: "test")
            #expect(!result.description.contains("alerts.example"), "a reason names the server: \(result)")
        case .server:
            Issue.record("a staged fault has no direct form")
            return
        }
        #expect(Expected(result) == row.expected, "\(result.description)")
        if let mention = row.reasonMentions {
            #expect(result.description.contains(mention), "\(result.description)")
        }
    }

    // MARK: - The channels

    static let event = NotifierConformance.sampleEvents()[0]

    /// The six HTTP channels, each built from a drop-in through its real factory.
    enum Channel: String, CaseIterable, CustomStringConvertible {
        case webhook, slack, telegram, alertmanager, pagerduty, teams

        var description: String { rawValue }

        func notifier(baseURL: String) throws -> any Notifier {
            let logger = Logger(label: "test.\(rawValue)")
            switch self {
            case .webhook:
                return try DropIn.notifier(
                    #"type = "webhook"\#nurl = "\#(baseURL)/hook"\#ntimeout = "5s""#, type: WebhookNotifier.type,
                    factory: WebhookNotifier.factory, logger: logger)
            case .slack:
                return try DropIn.notifier(
                    #"type = "slack"\#nwebhook_url = "\#(baseURL)/services/T0/B0/x"\#ntimeout = "5s""#,
                    type: SlackNotifier.type, factory: SlackNotifier.factory, logger: logger)
            case .telegram:
                return try DropIn.notifier(
                    """
                    type = "telegram"
                    bot_token = "\(FakeTelegramBotAPI.makeToken())"
                    chat_id = 123456789
                    api_url = "\(baseURL)"
                    timeout = "5s"
                    """, type: TelegramNotifier.type, factory: TelegramNotifier.factory, logger: logger)
            case .alertmanager:
                return try DropIn.notifier(
                    #"type = "alertmanager"\#nurl = "\#(baseURL)"\#ntimeout = "5s""#, type: AlertmanagerNotifier.type,
                    factory: AlertmanagerNotifier.factory, logger: logger)
            case .pagerduty:
                return try DropIn.notifier(
                    """
                    type = "pagerduty"
                    routing_key = "\(FakePagerDutyEventsAPI.makeRoutingKey())"
                    api_url = "\(baseURL)"
                    timeout = "5s"
                    """, type: PagerDutyNotifier.type, factory: PagerDutyNotifier.factory, logger: logger)
            case .teams:
                return try DropIn.notifier(
                    #"type = "teams"\#nurl = "\#(baseURL)/workflows/w0/triggers/manual/paths/invoke?sig=x"\#ntimeout = "5s""#,
                    type: TeamsNotifier.type, factory: TeamsNotifier.factory, logger: logger)
            }
        }
    }

    /// A loopback server staging one row's fault for every channel.
    struct StagedFault {
        let baseURL: String
        let stop: @Sendable () -> Void

        init(_ stimulus: Stimulus) throws {
            switch stimulus {
            case .status(let status, let seconds):
                let server = try LoopbackHTTPServer { request in
                    var headers: HTTPHeaders = seconds.map { ["Retry-After": "\($0)"] } ?? [:]
                    if (300..<400).contains(status) { headers.add("Location", "/elsewhere") }
                    // Telegram's own success rule: a 2xx says `"ok": true`, anything else says why not.
                    guard request.path.hasSuffix("/sendMessage") else {
                        return .text("answer \(status)", status: status, headers: headers)
                    }
                    let ok = (200..<300).contains(status)
                    let json =
                        ok
                        ? #"{"ok":true,"result":{"message_id":1}}"#
                        : #"{"ok":false,"error_code":\#(status),"description":"answer \#(status)"}"#
                    return .json(json, status: status, headers: headers)
                }
                baseURL = server.baseURL
                stop = { server.stop() }
            case .server(.closesTLSHandshake):
                let server = try LoopbackTLSServer(.closesHandshake)
                baseURL = server.baseURL
                stop = { server.stop() }
            case .server(.resetsTLSHandshake):
                let server = try LoopbackTLSServer(.resetsHandshake)
                baseURL = server.baseURL
                stop = { server.stop() }
            case .server(.selfSignedCertificate):
                let server = try LoopbackTLSServer(.selfSignedCertificate)
                baseURL = server.baseURL
                stop = { server.stop() }
            case .server(.refusesConnections):
                let server = try LoopbackHTTPServer()
                server.stop()
                baseURL = server.baseURL
                stop = {}
            case .server(.dropsConnection):
                let server = try LoopbackHTTPServer { _ in .dropConnection }
                baseURL = server.baseURL
                stop = { server.stop() }
            case .error:
                throw StagingError()
            }
        }
    }

    struct StagingError: Error {}
}
