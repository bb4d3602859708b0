import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A receiver that echoes every request header and the path, as sent, upper-cased and
/// lower-cased, in its 4xx and 5xx bodies: no configured secret, nor any form derived from one,
/// reaches any output of the binary or any file of the state directory.
@Suite(.serialized) struct EchoingReceiverSecretTests {
    /// Every secret of the configuration below and each form a server could echo, written out by
    /// hand (the base64 strings are what curl sends as `Authorization: Basic`).
    static let forms = [
        "S3cretPassw0rd", "ops:S3cretPassw0rd", "b3BzOlMzY3JldFBhc3N3MHJk",
        "AmPassw0rd42", "am-user:AmPassw0rd42", "YW0tdXNlcjpBbVBhc3N3MHJkNDI",
        "Tk8f3Jq9ZxW2", "sig0987654321", "ApiKey-5566778899", "BearerTok3n0099887766", "ProbePassw0rd7",
    ]

    static func echo(_ request: RecordedRequest) -> String {
        var lines = ["path \(request.path)"]
        for field in request.headers { lines.append("\(field.name): \(field.value)") }
        let text = lines.joined(separator: "\n")
        return text + "\n" + text.uppercased() + "\n" + text.lowercased()
    }

    /// The forms `text` holds, in any letter case.
    static func leaks(in text: String) -> [String] {
        let folded = text.lowercased()
        return forms.filter { folded.contains($0.lowercased()) }
    }

    @Test func noSecretOrDerivedFormReachesAnyOutputOrStateFile() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path.hasPrefix("/api/v2/alerts")
                ? .text(Self.echo(request), status: 503) : .text(Self.echo(request), status: 401)
        }
        defer { server.stop() }
        let scenario = try Scenario()
        defer { scenario.remove() }
        let probe = try scenario.directory.write(
            "probe.sh", "#!/bin/sh\necho \"login failed with $1\"\nexit 2\n", mode: 0o755)
        try scenario.directory.write(
            "config/config.toml",
            """
            [daemon]
            interval = "1s"
            jitter = "0"

            [probe.vpn]
            type = "command"
            command = ["\(probe)", "--password=ProbePassw0rd7"]
            failure_threshold = 1

            """)
        try scenario.directory.write(
            "config/notifiers.d/10-hook.toml",
            """
            type = "webhook"
            url = "http://ops:S3cretPassw0rd@127.0.0.1:\(server.port)/hooks/${HOOK_KEY}?sig=${HOOK_SIG}"
            headers = { X-Api-Key = "ApiKey-5566778899" }

            """)
        try scenario.directory.write(
            "config/notifiers.d/20-am.toml",
            """
            type = "alertmanager"
            url = "http://am-user:AmPassw0rd42@127.0.0.1:\(server.port)"
            headers = { Authorization = "Bearer BearerTok3n0099887766" }

            """)
        var environment = scenario.environment
        environment["HOOK_KEY"] = "Tk8f3Jq9ZxW2"
        environment["HOOK_SIG"] = "sig0987654321"

        var outputs: [(String, String)] = []
        func run(_ arguments: [String]) async throws -> ProcessOutput {
            let output = try await Binary.run(arguments, environment: environment)
            outputs.append((arguments.joined(separator: " "), output.stdoutText + output.stderrText))
            return output
        }
        let test = try await run(["notifiers", "test", "--verbose"])
        #expect(test.exitStatus == 1)
        // The receiver did get the credentials and echoed them: the test is not vacuous.
        #expect(server.requests.contains { Self.echo($0).contains("b3BzOlMzY3JldFBhc3N3MHJk") })
        #expect(server.requests.contains { Self.echo($0).contains("Tk8f3Jq9ZxW2") })
        // What is not a secret stays readable: the reasons quote the path's ordinary words.
        #expect(test.stdoutText.contains("HTTP 401"), "\(test.stdoutText)")
        #expect(test.stdoutText.contains("/api/v2/alerts"), "\(test.stdoutText)")
        #expect(test.stdoutText.contains("<redacted>"), "\(test.stdoutText)")

        #expect(try await run(["check", "--verbose"]).exitStatus == 2)
        #expect(try await run(["check", "--json"]).exitStatus == 2)
        _ = try await run(["status", "--json"])
        _ = try await run(["status"])
        #expect(try await run(["config", "show", "--json"]).exitStatus == 0)
        #expect(try await run(["config", "show"]).exitStatus == 0)

        let daemon = try RunningDaemon(
            arguments: ["--verbose", "--log-format", "json"], environment: environment,
            logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("a retried delivery") { daemon.log.contains("503") }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        outputs.append(("run --verbose --log-format json", daemon.log))

        let stateFiles = try FileManager.default.subpathsOfDirectory(atPath: scenario.stateDirectory)
        #expect(!stateFiles.isEmpty)
        for file in stateFiles {
            let path = scenario.stateDirectory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            outputs.append((path, String(decoding: data, as: UTF8.self)))
        }
        for (name, text) in outputs {
            #expect(Self.leaks(in: text).isEmpty, "\(name) reveals \(Self.leaks(in: text)):\n\(text)")
        }
    }
}
