import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

@testable import SSOHealingWebhookNotifier

/// Builds a webhook channel from drop-in text through the real loader.
func webhook(_ toml: String, environment: [String: String] = [:]) throws -> any Notifier {
    try DropIn.notifier(
        toml, type: WebhookNotifier.type, factory: WebhookNotifier.factory, logger: Logger(label: "test.webhook"),
        environment: environment)
}

/// An event with every field set to something recognisable, and text that needs escaping.
func sampleEvent() -> AlertEvent {
    AlertEvent(
        id: "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e", fingerprint: "aws-sso:prod", episode: 7, probe: "prod",
        kind: "aws-sso", previous: .ok, state: .expired,
        summary: "SSO session for \"prod\" expired:\nrefresh token rejected (invalid_grant) \\ ü",
        remedy: "aws sso login --profile prod", details: ["session_expires_at": "2026-11-27T15:00:00Z"],
        at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3")
}

@Suite struct WebhookNotifierTests {
    @Test func aTemplateAndHeadersReachTheServerAsConfigured() async throws {
        let server = try LoopbackHTTPServer { _ in .status(204) }
        let toml = """
            type = "webhook"
            url = "${HOOK_URL}"
            method = "PUT"
            headers = { Authorization = "Bearer ${HOOK_TOKEN}", X-Team = "platform" }
            body = '''
            {"text": "[{{severity}}] {{summary}}", "raw": "{{raw:state}}", "ends": "{{ details.session_expires_at }}",
             "missing": "{{details.nope}}", "episode": {{episode}}, "event": {{json}}, "details": {{details}}}'''
            """
        let channel = try webhook(
            toml, environment: ["HOOK_URL": server.url("/hooks/T0/B1?key=k-123"), "HOOK_TOKEN": "tok-456"])
        let event = sampleEvent()
        #expect(await channel.deliver(event) == .delivered)

        let request = try #require(server.requests.first)
        #expect(request.method == "PUT")
        #expect(request.path == "/hooks/T0/B1?key=k-123")
        #expect(request.header("Authorization") == "Bearer tok-456")
        #expect(request.header("X-Team") == "platform")
        #expect(request.header("Content-Type") == "application/json")
        let json = try #require(JSONValue.parse(request.bodyText), "not JSON: \(request.bodyText)")
        #expect(json["text"]?.stringValue == "[critical] " + event.summary)
        #expect(json["raw"]?.stringValue == "expired")
        #expect(json["ends"]?.stringValue == "2026-11-27T15:00:00Z")
        #expect(json["missing"]?.stringValue == "")
        #expect(json["episode"]?.intValue == 7)
        #expect(json["details"]?["session_expires_at"]?.stringValue == "2026-11-27T15:00:00Z")
        let embedded = try #require(json["event"]).serialized()
        #expect(try DocumentedEvent.decode(embedded).fields == Self.sampleEventFields)
    }

    @Test func theDefaultBodyIsTheEventJSON() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        let channel = try webhook("type = \"webhook\"\nurl = \"\(server.url("/in"))\"\n")
        let event = sampleEvent()
        #expect(await channel.deliver(event) == .delivered)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.header("Content-Type") == "application/json")
        // The tests' own decoder of the documented event, not the product's encoder, is the oracle.
        let body = try DocumentedEvent.decode(request.bodyText)
        #expect(body.fields == Self.sampleEventFields)
        #expect(body.keys == DocumentedEvent.requiredKeys.union(["remedy"]))
    }

    /// `sampleEvent()` as the documented JSON has it, field by field.
    static let sampleEventFields: [String: String] = [
        "version": "1", "id": "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e", "fingerprint": "aws-sso:prod", "episode": "7",
        "transition": "0", "probe": "prod", "kind": "aws-sso", "previous": "ok", "state": "expired",
        "severity": "critical", "reminder": "0", "resolved": "false",
        "summary": "SSO session for \"prod\" expired:\nrefresh token rejected (invalid_grant) \\ ü",
        "remedy": "aws sso login --profile prod", "details": "session_expires_at=2026-11-27T15:00:00Z",
        "at": "2026-11-27T15:04:05Z", "host": "build-mac-3", "test": "false",
    ]

    @Test func aFormBodyIsPercentEncodedAndATextBodyIsNot() async throws {
        let server = try LoopbackHTTPServer { _ in .ok }
        let form = try webhook(
            """
            type = "webhook"
            url = "\(server.url("/form"))"
            content_type = "application/x-www-form-urlencoded"
            body = "title={{probe}}&message={{summary}}"
            """)
        let text = try webhook(
            """
            type = "webhook"
            url = "\(server.url("/text"))"
            content_type = "text/plain; charset=utf-8"
            body = "{{summary}}"
            """)
        let event = sampleEvent()
        #expect(await form.deliver(event) == .delivered)
        #expect(await text.deliver(event) == .delivered)
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[0].formItems.map(\.name) == ["title", "message"])
        #expect(requests[0].formItems.map(\.value) == ["prod", event.summary])
        #expect(requests[1].header("Content-Type") == "text/plain; charset=utf-8")
        #expect(requests[1].bodyText == event.summary)
    }

    @Test func answersMapToDeliveryResults() async throws {
        let server = try LoopbackHTTPServer()
        let channel = try webhook(
            "type = \"webhook\"\nurl = \"${URL}\"\nheaders = { X-Api-Key = \"key-s3cr3t-value\" }\n",
            environment: ["URL": server.url("/hook/path-s3cr3t?token=query-s3cr3t")])
        func answer(_ reply: LoopbackHTTPServer.Reply) async -> DeliveryResult {
            server.handler = { _ in reply }
            return await channel.deliver(sampleEvent())
        }
        #expect(await answer(.ok) == .delivered)
        #expect(await answer(.status(202)) == .delivered)
        #expect(
            await answer(.text("slow down", status: 429, headers: ["Retry-After": "7"]))
                == .retry(after: .seconds(7), reason: "the webhook answered HTTP 429: slow down"))
        let inAMinute = Date().addingTimeInterval(60)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard
            case .retry(let after?, _) = await answer(
                .status(429, headers: ["Retry-After": formatter.string(from: inAMinute)]))
        else {
            Issue.record("a 429 with an HTTP-date is not a retry with a delay")
            return
        }
        #expect(after > .seconds(50) && after <= .seconds(61))
        #expect(
            await answer(.text("maintenance", status: 503))
                == .retry(after: nil, reason: "the webhook answered HTTP 503: maintenance"))
        #expect(await answer(.status(500)) == .retry(after: nil, reason: "the webhook answered HTTP 500"))
        #expect(
            await answer(.json(#"{"error": "no such channel"}"#, status: 404))
                == .failed(reason: #"the webhook answered HTTP 404: {"error": "no such channel"}"#))
        #expect(
            await answer(.text("bad key key-s3cr3t-value for /hook/path-s3cr3t?token=query-s3cr3t", status: 401))
                == .failed(reason: "the webhook answered HTTP 401: bad key <redacted> for <redacted>?<redacted>"))
        guard case .failed(let long) = await answer(.text(String(repeating: "e", count: 5000), status: 400)) else {
            Issue.record("a 400 is not a failure")
            return
        }
        #expect(long == "the webhook answered HTTP 400: " + String(repeating: "e", count: 199) + "…")
        guard case .failed(let redirect) = await answer(.status(301, headers: ["Location": "/elsewhere"])) else {
            Issue.record("a redirect is not a failure")
            return
        }
        #expect(redirect.hasPrefix("the webhook answered HTTP 301"))
        #expect(
            await answer(.dropConnection)
                == .retry(after: nil, reason: "webhook request: the connection broke before a complete answer"))
        server.stop()
        let refused = await channel.deliver(sampleEvent())
        #expect(refused == .retry(after: nil, reason: "webhook request: could not connect to the server"))
    }

    @Test func aSlowServerIsRetriedAfterTheTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in .hang }
        defer { server.stop() }
        let channel = try webhook("type = \"webhook\"\nurl = \"\(server.url("/slow"))\"\ntimeout = \"300ms\"\n")
        // The drop-in's timeout, not the default, bounds the request; a server that never answers is
        // a retry (the client's timing itself is HTTPClientTests' to hold).
        #expect((channel as? WebhookNotifier)?.timeout == .milliseconds(300))
        #expect(await channel.deliver(sampleEvent()) == .retry(after: nil, reason: "webhook request: timed out"))
    }

    @Test func anUnknownTemplateFieldIsALoadErrorAtTheBodyKey() throws {
        let toml = "type = \"webhook\"\nurl = \"https://hooks.example.com/x\"\nbody = '{\"t\": \"{{sumary}}\"}'\n"
        let error = try #require(throws: DropIn.LoadError.self) {
            try DropIn.configuration(toml, type: WebhookNotifier.type, factory: WebhookNotifier.factory)
        }
        #expect(error.description.contains("10-test.toml:3:8: invalid \"body\" template: unknown field \"sumary\""))
        #expect(error.description.contains("did you mean {{summary}}?"))
        let unclosed = "type = \"webhook\"\nurl = \"https://hooks.example.com/x\"\nbody = \"{{summary\"\n"
        #expect(throws: DropIn.LoadError.self) {
            try DropIn.configuration(unclosed, type: WebhookNotifier.type, factory: WebhookNotifier.factory)
        }
    }

    @Test func configurationErrorsNeverQuoteTheURLOrAHeaderValue() throws {
        let cases = [
            ("url = \"ftp://files.example.com/s3cr3t-path\"", "must start with http:// or https://"),
            ("url = \"https:///s3cr3t-path\"", "has no host name"),
            ("url = \"https://h.example.com/s3cr3t path\"", "must not contain spaces"),
            (
                "url = \"https://h.example.com/\"\nheaders = { X-Key = \"s3cr3t\\r\\nInjected: 1\" }",
                "the value of header \"X-Key\" must not contain line breaks"
            ),
            ("url = \"https://h.example.com/\"\nheaders = { \"Bad Name\" = \"v\" }", "is not a valid header name"),
            ("url = \"https://h.example.com/\"\nheaders = { content-type = \"text/plain\" }", "\"content_type\""),
            ("url = \"https://h.example.com/\"\nmethod = \"DELETE\"", "\"method\" must be one of \"POST\""),
            ("url = \"https://h.example.com/\"\ncontent_type = \"json\"", "must be a media type"),
        ]
        for (keys, expected) in cases {
            let error = try #require(throws: DropIn.LoadError.self, "\(keys)") {
                try DropIn.configuration(
                    "type = \"webhook\"\n" + keys + "\n", type: WebhookNotifier.type, factory: WebhookNotifier.factory)
            }
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("s3cr3t"), "\(error.description)")
        }
    }

    @Test func theURLHeadersAndBodyAreSecrets() {
        #expect(WebhookNotifier.type == "webhook")
        for key in ["url", "headers", "body"] { #expect(WebhookNotifier.schema.key(key)?.isSecret == true, "\(key)") }
        #expect(WebhookNotifier.schema.key("url")?.isRequired == true)
        #expect(WebhookNotifier.schema.key("method")?.defaultValue == .string("POST"))
        #expect(WebhookNotifier.schema.key("content_type")?.defaultValue == .string("application/json"))
    }
}
