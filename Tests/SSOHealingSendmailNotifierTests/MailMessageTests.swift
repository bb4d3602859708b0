import Foundation
import SSOHealingCore
import SSOHealingSendmailNotifier
import Testing

@Suite struct MailMessageTests {
    private let date = Date(timeIntervalSince1970: 1_795_791_845)  // Fri, 27 Nov 2026 15:04:05 +0000

    private func message(
        _ event: AlertEvent = sampleEvent(), subject: String? = nil, to: [String] = ["ops@example.com"],
        from: String? = "alerts@example.com", channel: String = "20-mail"
    ) throws -> String {
        SendmailNotifier.message(
            for: event, from: try from.map { try MailAddress($0) }, to: try to.map { try MailAddress($0) },
            subject: try subject.map { try EventTemplate($0) }, channel: channel, date: date)
    }

    private func headers(_ message: String) -> [String] {
        String(message.prefix { _ in true }).components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
    }

    @Test func theHeadersAreThereInOrderWithCRLFLineEndings() throws {
        let text = try message(subject: "[{{severity}}] {{probe}} {{state}} on {{host}}")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.hasSuffix("\r\n"))
        #expect(
            headers(text) == [
                "From: alerts@example.com",
                "To: ops@example.com",
                "Subject: [critical] prod expired on build-mac-3",
                "Date: Fri, 27 Nov 2026 15:04:05 +0000",
                "Message-ID: <0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e.20-mail@build-mac-3>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "Auto-Submitted: auto-generated",
                "X-Mailer: sso-self-healing \(ProductInfo.version)",
            ])
    }

    @Test func theDefaultSubjectNamesSeverityProbeStateAndHost() throws {
        #expect(headers(try message()).contains("Subject: [critical] prod expired on build-mac-3"))
        #expect(!headers(try message(from: nil)).contains { $0.hasPrefix("From:") })
    }

    @Test func aNonASCIISubjectIsEncodedWordsOnShortLines() throws {
        let lines = headers(try message(subject: "{{summary}} {{summary}}"))
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        let subject = lines[start...].prefix { $0.hasPrefix("Subject: ") || $0.hasPrefix(" ") }
        #expect(subject.count > 2)
        for line in subject {
            #expect(line.count <= 76, "\(line)")
            let word = line.hasPrefix("Subject: ") ? String(line.dropFirst(9)) : String(line.dropFirst())
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75, "\(word)")
        }
        let decoded = subject.map { line in
            let word = line.hasPrefix("Subject: ") ? line.dropFirst(9) : line.dropFirst()
            return Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data()
        }.reduce(Data(), +)
        let summary = sampleEvent().summary
        #expect(String(decoding: decoded, as: UTF8.self) == summary + " " + summary)
    }

    @Test func aLongASCIISubjectIsFoldedAndLineBreaksAreFlattened() throws {
        var event = sampleEvent()
        event.summary = Array(repeating: "word", count: 40).joined(separator: " ") + "\nInjected: header"
        let lines = headers(try message(event, subject: "{{summary}}"))
        #expect(!lines.contains { $0.hasPrefix("Injected:") })
        let subject = lines.drop { !$0.hasPrefix("Subject: ") }.prefix {
            $0.hasPrefix("Subject: ") || $0.hasPrefix(" ")
        }
        #expect(subject.count > 1)
        #expect(subject.allSatisfy { $0.count <= 78 })
        #expect(subject.joined() == "Subject: " + event.summary.replacingOccurrences(of: "\n", with: " "))
        #expect(headers(try message(subject: "=?x?Q?y?=")).contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
    }

    @Test func recipientsAreListedWithDisplayNamesQuotedOrEncoded() throws {
        let lines = headers(
            try message(to: ["ops@example.com", "Ops, Team <team@example.com>", "Zoë <zoe@example.com>"]))
        #expect(
            lines.contains {
                $0.hasPrefix("To: ops@example.com, \"Ops, Team\" <team@example.com>,")
            })
        #expect(lines.contains { $0.contains("=?UTF-8?B?Wm/Dqw==?= <zoe@example.com>") })
    }

    @Test func theMessageIDIsStablePerEventAndChannel() throws {
        func id(_ text: String) -> String? { headers(text).first { $0.hasPrefix("Message-ID: ") } }
        #expect(id(try message()) == id(try message()))
        #expect(id(try message()) != id(try message(channel: "other")))
        #expect(id(try message()) != id(try message(sampleEvent(id: "another-id"))))
        #expect(id(try message(sampleEvent(id: "a b@c"), channel: "x.y")) == "Message-ID: <a-b-c.x-y@build-mac-3>")
        let long = try message(channel: "a-very-long-channel-name-for-the-operations-team")
        #expect(long.contains("\r\nMessage-ID:\r\n <0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e.a-very-long-"))
    }

    @Test func theBodyIsQuotedPrintableUTF8WithShortLines() throws {
        var event = sampleEvent()
        event.summary = String(repeating: "ünïcödé = text ", count: 30) + "   "
        let text = try message(event)
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        for line in body.components(separatedBy: "\r\n") {
            #expect(line.count <= 76, "\(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(line)")
            #expect(!line.hasSuffix(" "), "trailing space must be encoded: \(line)")
        }
        #expect(body.contains("=C3=BC"))
        #expect(body.contains("=3D"))
        #expect(decodeQuotedPrintable(body).contains(event.summary))
    }

    @Test func addressesAreValidated() throws {
        for valid in ["ops@example.com", "a.b+c@sub.example.org", "Ops <ops@example.com>", "\"O \\\"x\\\"\" <o@x>"] {
            #expect(throws: Never.self, "\(valid)") { try MailAddress(valid) }
        }
        #expect(try MailAddress("\"Ops, Team\" <t@example.com>").displayName == "Ops, Team")
        #expect(try MailAddress(" Ops  <t@example.com> ").description == "Ops <t@example.com>")
        for invalid in [
            "", "ops", "ops@", "@example.com", "a@@b", "a b@example.com", "ops@exa mple.com", "ops@-x.com",
            "ops@example..com", "Ops <ops@example.com", "ops@example.com\r\nBcc: x@y", "ops@bücher.de",
        ] {
            #expect(throws: MailAddressError.self, "\(invalid)") { try MailAddress(invalid) }
        }
    }

    private func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
