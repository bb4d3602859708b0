import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingSendmailNotifier
import SSOHealingTestKit
import Testing

/// Builds a sendmail channel from drop-in text through the real loader.
func sendmail(_ toml: String) throws -> any Notifier {
    try DropIn.notifier(
        toml, type: SendmailNotifier.type, factory: SendmailNotifier.factory, logger: Logger(label: "test.sendmail"),
        environment: testEnvironment)
}

/// An event with non-ASCII text, a remedy and details.
func sampleEvent(id: String = "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e") -> AlertEvent {
    AlertEvent(
        id: id, fingerprint: "aws-sso:prod", episode: 7, probe: "prod", kind: "aws-sso", previous: .ok,
        state: .expired, summary: "SSO-Sitzung für Profil „prod“ abgelaufen: refresh token rejected (invalid_grant) ✓",
        remedy: "aws sso login --profile prod",
        details: ["session_expires_at": "2026-11-27T15:00:00Z", "access_token_expires_at": "2026-11-27T14:00:00Z"],
        at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3")
}

/// A drop-in that sends through the real msmtp to `sink`.
func dropIn(for sink: SMTPSink, extra: String = "") async throws -> String {
    let rc = try await sink.msmtprc()
    return """
        type = "sendmail"
        command = ["msmtp", "-C", "\(rc)", "-t"]
        from = "Alerts Bot <alerts@example.com>"
        to = ["ops@example.com", "Zoë Ops <zoe@example.com>"]
        \(extra)
        """
}

@Suite struct SendmailNotifierTests {
    @Test func msmtpDeliversAProperMessageToARealSMTPServer() async throws {
        try requireProgram("msmtp", package: "msmtp")
        try await requireAiosmtpd()
        let sink = try SMTPSink()
        try await sink.start()
        let toml = try await dropIn(for: sink, extra: "subject = \"[{{severity}}] {{summary}}\"")
        let channel = try sendmail(toml)
        let event = sampleEvent()
        let sent = Date()
        let first = await channel.deliver(event)
        let again = await channel.deliver(event)
        let messages = try await sink.messages()
        await sink.remove()

        #expect(first == .delivered)
        #expect(again == .delivered)
        try #require(messages.count == 2)
        let mail = messages[0]
        #expect(mail.mailFrom == "alerts@example.com")
        #expect(mail.rcptTos == ["ops@example.com", "zoe@example.com"])
        #expect(mail.from == "Alerts Bot <alerts@example.com>")
        #expect(mail.to == "ops@example.com, Zoë Ops <zoe@example.com>")
        #expect(mail.subject == "[critical] " + event.summary)
        #expect(mail.rawSubject.hasPrefix("=?UTF-8?B?"), "the non-ASCII subject is an RFC 2047 encoded-word")
        #expect(mail.dateHasZone)
        let date = try #require(mail.dateEpoch)
        #expect(abs(date - sent.timeIntervalSince1970) < 120, "Date: \(mail.date)")
        #expect(mail.messageId == "<0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e.10-test@build-mac-3>")
        #expect(messages[1].messageId == mail.messageId, "a retried delivery keeps its Message-ID")
        #expect(mail.mimeVersion == "1.0")
        #expect(mail.contentType == "text/plain")
        #expect(mail.charset == "utf-8")
        #expect(mail.transferEncoding == "quoted-printable")
        #expect(mail.autoSubmitted == "auto-generated")
        #expect(mail.onlyCrlf)
        #expect(mail.longestHeaderLine <= 78)
        #expect(mail.longestLine <= 78)
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        for expected in [
            event.summary, "aws sso login --profile prod", "session_expires_at", "2026-11-27T15:00:00Z",
            "access_token_expires_at", "build-mac-3", "2026-11-27T", "expired (was ok)", event.id,
        ] {
            #expect(mail.body.contains(expected), "body lacks \(expected):\n\(mail.body)")
        }
    }

    @Test func aStoppedServerIsRetriedAndARejectedRecipientFails() async throws {
        try requireProgram("msmtp", package: "msmtp")
        try await requireAiosmtpd()
        let sink = try SMTPSink()
        try await sink.start()
        let channel = try sendmail(try await dropIn(for: sink))
        let port = await sink.port

        try await sink.setMode(.reject)
        let rejected = await channel.deliver(sampleEvent())
        await sink.stop()
        let refused = await channel.deliver(sampleEvent())
        await sink.remove()

        // msmtp exits 65 (EX_DATAERR) for a 5xx answer to RCPT TO, 75 (EX_TEMPFAIL) when it cannot connect.
        #expect(
            rejected
                == .failed(
                    reason:
                        "msmtp exited with status 65: msmtp: recipient address ops@example.com not accepted by the server"
                ))
        #expect(
            refused
                == .retry(
                    after: nil,
                    reason:
                        "msmtp exited with status 75 (temporary failure): msmtp: cannot connect to 127.0.0.1, port \(port): Connection refused"
                ))
    }

    @Test func aGreylistingServerGetsTheAlertOnTheRetryThroughRealMsmtp() async throws {
        try requireProgram("msmtp", package: "msmtp")
        try await requireAiosmtpd()
        let sink = try SMTPSink()
        try await sink.start()
        defer { Task { await sink.remove() } }
        try await sink.setMode(.greylist)
        let channel = try sendmail(try await dropIn(for: sink))

        let first = await channel.deliver(sampleEvent())
        #expect(try await sink.messages().isEmpty)
        let second = await channel.deliver(sampleEvent())
        let received = try await sink.messages()

        // msmtp exits 69 (EX_UNAVAILABLE) for the 451, as it does for some permanent refusals:
        // the server's reply on standard error tells them apart.
        #expect(
            first
                == .retry(
                    after: nil,
                    reason:
                        "msmtp exited with status 69: the server answered 451 4.7.1 <ops@example.com>: greylisted, try again later (temporary)"
                ))
        #expect(second == .delivered)
        #expect(received.count == 1)
        #expect(received.first?.rcptTos == ["ops@example.com", "zoe@example.com"])
    }

    @Test func aMailerThatHangsIsKilledAndRetried() async throws {
        let channel = try sendmail(
            """
            type = "sendmail"
            command = ["/bin/sh", "-c", "sleep 30"]
            to = ["ops@example.com"]
            timeout = "300ms"
            """)
        // The answer says the run was cut at its timeout (an uncut one would answer after 30 s).
        let result = await channel.deliver(sampleEvent())
        #expect(result == .retry(after: nil, reason: "sh timed out after 300ms; its process group was killed"))
    }

    @Test func aMissingMailerFailsWithAHint() async throws {
        let empty = try TemporaryDirectory()
        defer { empty.remove() }
        let named = SendmailNotifier(
            to: [try MailAddress("ops@example.com")], command: ["no-such-mailer-xyz", "-t"], channel: "mail",
            processEnvironment: ["PATH": empty.path])
        #expect(
            await named.deliver(sampleEvent())
                == .failed(
                    reason:
                        "program \"no-such-mailer-xyz\" not found on PATH (install msmtp or sendmail, or fix \"command\")"
                ))
        let defaulted = SendmailNotifier(
            to: [try MailAddress("ops@example.com")], channel: "mail", processEnvironment: ["PATH": empty.path])
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/sendmail")
            && !FileManager.default.isExecutableFile(atPath: "/usr/lib/sendmail")
        {
            #expect(
                await defaulted.deliver(sampleEvent())
                    == .failed(
                        reason:
                            "neither msmtp nor sendmail is installed: install one (e.g. apt install msmtp) or set \"command\""
                    ))
        }
        try requireProgram("msmtp", package: "msmtp")
        let msmtp = try ProcessRunner.executablePath(for: "msmtp", environment: testEnvironment)
        #expect(SendmailNotifier.defaultCommand(environment: testEnvironment) == [msmtp, "-t"])
    }
}
