import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The RFC 5322 message a `sendmail` channel writes for one event.
enum MailMessage {
    /// The whole message, headers and quoted-printable body, with CRLF line endings.
    static func text(
        for event: AlertEvent, from: MailAddress?, to: [MailAddress], subject: String, channel: String, date: Date
    ) -> String {
        var headers: [String] = []
        if let from { headers.append(MailHeader.list("From", [from.headerValue])) }
        headers.append(MailHeader.list("To", to.map(\.headerValue)))
        headers.append(MailHeader.unstructured("Subject", subject))
        headers.append("Date: " + MailHeader.date(date))
        let messageID = MailHeader.messageID(eventID: event.id, channel: channel, host: event.host)
        // A msg-id cannot be folded inside, but may start on a continuation line.
        let idSeparator = "Message-ID: ".count + messageID.count > MailHeader.lineLimit ? "\r\n " : " "
        headers.append("Message-ID:" + idSeparator + messageID)
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=utf-8")
        headers.append("Content-Transfer-Encoding: quoted-printable")
        // RFC 3834: no vacation replies or bounces to automatic alerts.
        headers.append("Auto-Submitted: auto-generated")
        headers.append("X-Mailer: \(ProductInfo.name) \(ProductInfo.version)")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + QuotedPrintable.encode(body(for: event)) + "\r\n"
    }

    /// The body's text: summary, remedy, the event's facts and details.
    static func body(for event: AlertEvent) -> String {
        var lines: [String] = []
        if event.test {
            lines += ["This is a test alert sent by `\(ProductInfo.name) notifiers test`.", ""]
        }
        lines.append(event.summary)
        if let remedy = event.remedy, !remedy.isEmpty {
            lines += ["", "To fix it, run:", "", "    \(remedy)"]
        }
        if !event.resolved, let link = event.loginLink {
            lines += [
                "", "Or approve the login that was started for this machine (code \(link.userCode),",
                "valid until \(Timestamp.string(link.expiresAt))); whoever approves logs it in as themselves:", "",
                "    \(link.url)",
            ]
        }
        lines.append("")
        var facts: [(String, String)] = [
            ("Probe", "\(event.probe) (\(event.kind))"),
            event.login.map { ("Login", $0.rawValue) }
                ?? (
                    "State",
                    event.resolved
                        ? "\(event.state.rawValue) (resolved; was \(event.previous.rawValue))"
                        : "\(event.state.rawValue) (was \(event.previous.rawValue))"
                ),
            ("Severity", event.severity.rawValue),
        ]
        if event.reminder > 0 { facts.append(("Reminder", String(event.reminder))) }
        facts += [("Host", event.host), ("Time", Timestamp.string(event.at))]
        facts += event.detailsWithoutLoginLink.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        facts += [("Episode", "\(event.fingerprint) #\(event.episode)"), ("Event", event.id)]
        let width = facts.map(\.0.count).max() ?? 0
        for (name, value) in facts {
            lines.append(name + ":" + String(repeating: " ", count: width - name.count + 1) + value)
        }
        lines += ["", "-- ", "\(ProductInfo.name) on \(event.host)"]
        return lines.joined(separator: "\n")
    }
}
