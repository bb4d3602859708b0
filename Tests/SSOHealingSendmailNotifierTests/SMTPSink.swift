import Foundation
import SSOHealingCore
import SSOHealingTestKit

/// A program or module a test needs is not installed: the test fails, naming what to install.
struct MissingRequirement: Error, CustomStringConvertible {
    var description: String
}

/// The test process's environment (with a `PATH` that has python3 and msmtp).
let testEnvironment = ProcessInfo.processInfo.environment

/// Fails unless `program` is on `PATH`, naming the Debian package that provides it.
func requireProgram(_ program: String, package: String) throws {
    do {
        _ = try ProcessRunner.executablePath(for: program, environment: testEnvironment)
    } catch {
        throw MissingRequirement(
            description: "\(program) is not installed: apt-get install \(package) (scripts/test installs it)")
    }
}

/// Fails unless python3 can import aiosmtpd.
func requireAiosmtpd() async throws {
    try requireProgram("python3", package: "python3")
    let output = try await ProcessRunner.run(
        ["python3", "-c", "import aiosmtpd"], environment: testEnvironment, timeout: .seconds(20))
    guard output.exitStatus == 0 else {
        throw MissingRequirement(
            description:
                "the python3 module aiosmtpd is not installed: pip install aiosmtpd (scripts/test installs it); \(output.firstStderrLine)"
        )
    }
}

/// A real SMTP server on 127.0.0.1 (Python's aiosmtpd) that stores each message it accepts as
/// `NNNN.eml` with its envelope in `NNNN.json`, and rejects recipients with 550, or greylists
/// the first one with 451, when told to.
actor SMTPSink {
    /// What the sink does with recipients.
    enum Mode: String {
        case accept
        /// Every recipient gets `550 5.1.1 … recipient rejected`.
        case reject
        /// The first recipient gets `451 4.7.1 … greylisted, try again later`, as a greylisting
        /// server answers an unknown sender; every later one is accepted.
        case greylist
    }

    let directory: TemporaryDirectory
    private(set) var port = 0
    private var server: Task<ProcessOutput, any Error>?

    private var inbox: String { directory.file("inbox") }
    private var script: String { directory.file("sink.py") }
    private var modeFile: String { directory.file("mode") }
    private var portFile: String { directory.file("port") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "smtp-sink")
    }

    /// Starts the server (on the port it had before, after a `stop`) and waits until it listens.
    func start() async throws {
        guard server == nil else { return }
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try directory.write("sink.py", Self.sinkScript)
        try? FileManager.default.removeItem(atPath: portFile)
        let arguments = ["python3", script, inbox, modeFile, portFile, String(port)]
        let task = Task { try await ProcessRunner.run(arguments, environment: testEnvironment, timeout: .seconds(120)) }
        server = task
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let number = Int(text) {
                port = number
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let output = try await task.value
        server = nil
        throw MissingRequirement(description: "the SMTP sink did not start: \(output.stderrText)")
    }

    /// Stops the server: connections are refused until `start` is called again.
    func stop() async {
        guard let server else { return }
        server.cancel()
        _ = try? await server.value
        self.server = nil
    }

    /// Accepts or rejects recipients from now on.
    func setMode(_ mode: Mode) throws {
        try directory.write("mode", mode.rawValue + "\n")
    }

    /// Writes an msmtp configuration pointing at this sink and returns its path.
    func msmtprc() throws -> String {
        try directory.write(
            "msmtprc",
            """
            defaults
            auth off
            tls off
            timeout 5
            syslog off
            account default
            host 127.0.0.1
            port \(port)
            from alerts@example.com

            """)
    }

    /// Every accepted message, parsed by Python's `email` package (policy `default`), in order.
    func messages() async throws -> [ReceivedMail] {
        try directory.write("parse.py", Self.parseScript)
        let output = try await ProcessRunner.run(
            ["python3", directory.file("parse.py"), inbox], environment: testEnvironment, timeout: .seconds(30))
        guard output.exitStatus == 0 else {
            throw MissingRequirement(description: "parsing the received mail failed: \(output.stderrText)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([ReceivedMail].self, from: Data(output.stdout))
    }

    /// Stops the server and removes its files.
    func remove() async {
        await stop()
        directory.remove()
    }

    private static let sinkScript = #"""
        import asyncio, json, os, sys
        from aiosmtpd.smtp import SMTP

        inbox, mode_file, port_file, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

        def mode():
            try:
                with open(mode_file) as f:
                    return f.read().strip()
            except OSError:
                return "accept"

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if mode() == "reject":
                    return "550 5.1.1 <%s>: recipient rejected" % address
                if mode() == "greylist" and not os.path.exists(mode_file + ".greylisted"):
                    open(mode_file + ".greylisted", "w").close()
                    return "451 4.7.1 <%s>: greylisted, try again later" % address
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                n = len([x for x in os.listdir(inbox) if x.endswith(".eml")])
                base = os.path.join(inbox, "%04d" % n)
                with open(base + ".json", "w") as f:
                    json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
                with open(base + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.rename(base + ".tmp", base + ".eml")
                return "250 Message accepted"

        async def main():
            loop = asyncio.get_running_loop()
            server = await loop.create_server(
                lambda: SMTP(Handler(), hostname="sink.test"), "127.0.0.1", port, reuse_address=True)
            with open(port_file + ".tmp", "w") as f:
                f.write(str(server.sockets[0].getsockname()[1]))
            os.rename(port_file + ".tmp", port_file)
            await server.serve_forever()

        asyncio.run(main())
        """#

    private static let parseScript = #"""
        import email, email.policy, email.utils, json, os, sys

        inbox = sys.argv[1]
        result = []
        for name in sorted(x for x in os.listdir(inbox) if x.endswith(".eml")):
            raw = open(os.path.join(inbox, name), "rb").read()
            envelope = json.load(open(os.path.join(inbox, name[:-4] + ".json")))
            message = email.message_from_bytes(raw, policy=email.policy.default)
            plain = email.message_from_bytes(raw, policy=email.policy.compat32)
            head = raw.split(b"\r\n\r\n", 1)[0]
            date = email.utils.parsedate_to_datetime(message["Date"]) if message["Date"] else None
            result.append({
                "mail_from": envelope["mail_from"],
                "rcpt_tos": envelope["rcpt_tos"],
                "from": str(message["From"] or ""),
                "to": str(message["To"] or ""),
                "subject": str(message["Subject"] or ""),
                "raw_subject": plain["Subject"] or "",
                "date": message["Date"] and str(message["Date"]) or "",
                "date_epoch": date.timestamp() if date else None,
                "date_has_zone": bool(date and date.tzinfo),
                "message_id": str(message["Message-ID"] or ""),
                "mime_version": str(message["MIME-Version"] or ""),
                "content_type": message.get_content_type(),
                "charset": message.get_content_charset() or "",
                "transfer_encoding": str(message["Content-Transfer-Encoding"] or ""),
                "auto_submitted": str(message["Auto-Submitted"] or ""),
                "body": message.get_content(),
                "only_crlf": b"\n" not in raw.replace(b"\r\n", b""),
                "longest_header_line": max(len(line) for line in head.split(b"\r\n")),
                "longest_line": max(len(line) for line in raw.split(b"\r\n")),
                "defects": [type(d).__name__ for d in message.defects]
                    + [type(d).__name__ for h in message.values() for d in getattr(h, "defects", ())],
            })
        print(json.dumps(result))
        """#
}

/// A message as the sink received it and Python's `email` package read it.
struct ReceivedMail: Decodable {
    var mailFrom: String
    var rcptTos: [String]
    var from: String
    var to: String
    var subject: String
    var rawSubject: String
    var date: String
    var dateEpoch: Double?
    var dateHasZone: Bool
    var messageId: String
    var mimeVersion: String
    var contentType: String
    var charset: String
    var transferEncoding: String
    var autoSubmitted: String
    var body: String
    var onlyCrlf: Bool
    var longestHeaderLine: Int
    var longestLine: Int
    var defects: [String]
}
