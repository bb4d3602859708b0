import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

/// `sso-self-healing-demo simulate-aws` driven as the walkthrough in `TryingItOut.md` drives it:
/// its output read by a real `sh`, then an outage and a healing through its commands alone (the
/// `--control` client, its standard input, the control endpoint and the approval page), checked
/// by the real `sso-self-healing` binary.
@Suite(.serialized) struct SimulatorWalkthroughTests {
    @Test func anOutageAndAHealingWalkThroughTheSimulatorsCommandsAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = directory.file("home")
        // A temporary folder with a space and a quote in its name: the exports must survive `eval`.
        let scratchRoot = directory.file("scratch it's")
        for folder in [home, scratchRoot] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home, "TMPDIR": scratchRoot,
        ]
        let simulator = try SimulatorProcess(arguments: [], environment: base, directory: directory)
        defer { simulator.forceStop() }
        try await simulator.waitForReady()

        // The output is shell: a real sh evaluates it.
        let shell = try await ProcessRunner.run(
            ["/bin/sh", "-c", "eval \"$(cat \"$1\")\" && env", "sh", simulator.stdoutPath], environment: base,
            timeout: .seconds(30))
        #expect(shell.exitStatus == 0, "\(shell.stderrText)")
        var environment = Self.parseEnv(shell.stdoutText)
        #expect(environment["HOME"] == home, "HOME is left alone")
        #expect(!simulator.stdout.contains("HOME="))
        #expect(environment["AWS_PROFILE"] == "sim")
        let awsConfig = try #require(environment["AWS_CONFIG_FILE"])
        #expect(awsConfig.hasPrefix(scratchRoot + "/") && FileManager.default.fileExists(atPath: awsConfig))
        let url = try #require(environment["SSO_SELF_HEALING_SIMULATOR_URL"])
        #expect(url.hasPrefix("http://127.0.0.1:"))
        environment["TMPDIR"] = scratchRoot
        var seen = ""
        /// Runs `sso-self-healing ARGUMENTS`, or with `control`, `simulate-aws --control ARGUMENTS`.
        func run(_ arguments: [String], control: Bool = false) async throws -> ProcessOutput {
            let output =
                control
                ? try await Self.control(arguments, environment)
                : try await Binary.run(arguments, environment: environment)
            seen += output.stdoutText + output.stderrText
            return output
        }

        // Healthy.
        var check = try await run(["check"])
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("sim-sso: OK"))

        // The session ends (the control client): expired, with a link to the simulator's page.
        var control = try await run(["end-session"], control: true)
        #expect(control.exitStatus == 0 && control.stdoutText.contains("ended the SSO session sim-sso"))
        check = try await run(["check"])
        #expect(check.exitStatus == 2, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("sim-sso: EXPIRED"))
        #expect(check.stdoutText.contains(url + "/device?user_code="), "\(check.stdoutText)")

        // Healing: login prints the link; the page shows the code; `approve CODE` renews.
        var login = try LoggedProcess(
            executable: Binary.path, arguments: ["login", "--sso-session", "sim-sso", "--timeout", "2m"],
            environment: environment, logPath: directory.file("login-1.log"))
        try await login.waitFor("the link") { login.log.contains("Whoever approves") }
        var code = try #require(Self.userCode(in: login.log, under: url + "/device?user_code="), "\(login.log)")
        let page = try await HTTPClient().send(HTTPRequest(url: url + "/device?user_code=" + code))
        #expect(page.status == 200)
        #expect(page.bodyText.contains(code), "the page shows the code")
        #expect(page.bodyText.contains("value=\"approve\"") && page.bodyText.contains("value=\"deny\""))
        control = try await run(["approve", "ZZZZ-ZZZZ"], control: true)
        #expect(control.exitStatus == 1 && control.stderrText.contains("no pending device authorization"))
        control = try await run(["approve", code], control: true)
        #expect(control.exitStatus == 0 && control.stdoutText.contains("approved \(code)"), "\(control.stderrText)")
        #expect(try await login.waitForExit() == 0, "\(login.log)")
        #expect(login.log.contains("renewed by device authorization"))
        check = try await run(["check"])
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("sim-sso: OK"))

        // An outage of the portal (a line on the simulator's stdin): degraded, not expired.
        simulator.send("fault portal\n")
        try await simulator.waitFor("the fault's reply") { simulator.stderr.contains("portal: answers HTTP 503") }
        check = try await run(["check"])
        #expect(check.exitStatus == 1, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("sim-sso: DEGRADED"))
        // `clear`, as the documented curl line sends it: ok again.
        let cleared = try await HTTPClient().send(
            HTTPRequest(method: "POST", url: url + "/control", body: Array("clear".utf8)))
        #expect(cleared.status == 200 && cleared.bodyText.contains("every service answers normally"))
        check = try await run(["check"])
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")

        // A second ending, healed from the approval page's Approve button.
        control = try await run(["end-session"], control: true)
        #expect(control.exitStatus == 0)
        login = try LoggedProcess(
            executable: Binary.path, arguments: ["login", "--sso-session", "sim-sso", "--timeout", "2m"],
            environment: environment, logPath: directory.file("login-2.log"))
        try await login.waitFor("the link") { login.log.contains("Whoever approves") }
        code = try #require(Self.userCode(in: login.log, under: url + "/device?user_code="), "\(login.log)")
        let approved = try await HTTPClient().send(
            HTTPRequest(
                method: "POST", url: url + "/device",
                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("user_code=\(code)&action=approve".utf8)))
        #expect(approved.status == 200 && approved.bodyText.contains("approved \(code)"))
        #expect(try await login.waitForExit() == 0, "\(login.log)")
        check = try await run(["check"])
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")
        control = try await run(["status"], control: true)
        #expect(control.stdoutText.contains("SSO session sim-sso: live") && control.stdoutText.contains("faults: none"))

        // No credential in anything written: the token cache's secrets, read from the cache itself.
        let cacheFolder = home + "/.aws/sso/cache"
        let tokenCache = try #require(
            try FileManager.default.contentsOfDirectory(atPath: cacheFolder).map { cacheFolder + "/" + $0 }
                .first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("\"accessToken\"") == true })
        let token = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tokenCache)))
        let secrets = try #require(token as? [String: Any]).filter {
            ["accessToken", "refreshToken", "clientSecret"].contains($0.key)
        }
        .compactMap { $0.value as? String }
        #expect(secrets.count == 3)
        let firstLogin = (try? String(contentsOfFile: directory.file("login-1.log"), encoding: .utf8)) ?? ""
        let written = simulator.stdout + simulator.stderr + firstLogin + login.log + seen
        for secret in secrets { #expect(!written.contains(secret), "a credential leaked") }

        // Stopping cleans up: the scratch directory, every cache file holding its credentials, and
        // the cache folders it made.
        simulator.terminate()
        #expect(try await simulator.waitForExit() == 0, "\(simulator.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratchRoot).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cacheFolder), "the token and registration caches went")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty, "HOME is as it was")
    }

    @Test func withHomeEverythingIsWrittenUnderItExportedAndKept() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = directory.file("sim home")
        let base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
        let simulator = try SimulatorProcess(arguments: ["--home", home], environment: base, directory: directory)
        defer { simulator.forceStop() }
        try await simulator.waitForReady()
        let shell = try await ProcessRunner.run(
            ["/bin/sh", "-c", "eval \"$(cat \"$1\")\" && env", "sh", simulator.stdoutPath], environment: base,
            timeout: .seconds(30))
        let environment = Self.parseEnv(shell.stdoutText)
        #expect(environment["HOME"] == home)
        #expect(environment["AWS_CONFIG_FILE"] == home + "/.aws/config")
        #expect(environment["SSO_SELF_HEALING_CONFIG_DIR"] == home + "/.config/sso-self-healing")
        let check = try await Binary.run(["check"], environment: environment)
        #expect(check.exitStatus == 0, "\(check.stdoutText)\(check.stderrText)")
        simulator.terminate()
        #expect(try await simulator.waitForExit() == 0)
        let cache = try FileManager.default.contentsOfDirectory(atPath: home + "/.aws/sso/cache")
        #expect(!cache.isEmpty && FileManager.default.fileExists(atPath: home + "/.aws/config"), "kept")
    }

    @Test func aTokenCacheThatIsNotTheSimulatorsIsLeftAloneAndItRefusesToStart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
        // The cache file of a real session named sim-sso: sha1("sim-sso"), computed by the shell's tools.
        let hash = try await ProcessRunner.run(
            ["/bin/sh", "-c", "printf %s sim-sso | sha1sum | cut -c1-40"], environment: base, timeout: .seconds(10))
        let name = hash.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) + ".json"
        let foreign = #"{"startUrl": "https://d-1234567890.awsapps.com/start", "accessToken": "mine"}"#
        let path = try directory.write(".aws/sso/cache/" + name, foreign)
        let output = try await ProcessRunner.run(
            [BuiltExecutable.path("sso-self-healing-demo"), "simulate-aws"], environment: base, timeout: .seconds(60))
        #expect(output.exitStatus == 1)
        #expect(output.stderrText.contains("\(path) exists and is not the simulator's"), "\(output.stderrText)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == foreign)
    }

    /// `sso-self-healing-demo simulate-aws --control ARGUMENTS`.
    private static func control(_ arguments: [String], _ environment: [String: String]) async throws -> ProcessOutput {
        try await ProcessRunner.run(
            [BuiltExecutable.path("sso-self-healing-demo"), "simulate-aws", "--control"] + arguments,
            environment: environment, timeout: .seconds(30))
    }

    /// `env`'s output as a dictionary (values on one line).
    private static func parseEnv(_ text: String) -> [String: String] {
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return environment
    }

    /// The code after `prefix` in `text` (`ABCD-EFGH`).
    private static func userCode(in text: String, under prefix: String) -> String? {
        guard let range = text.range(of: prefix) else { return nil }
        let code = String(text[range.upperBound...].prefix(9))
        return code.count == 9 && code.dropFirst(4).first == "-" ? code : nil
    }
}

/// A program started in the background: stdin a pipe the test writes, stdout and stderr in files.
private final class LoggedProcess: @unchecked Sendable {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String
    private let input = Pipe()

    init(executable: String, arguments: [String], environment: [String: String], logPath: String) throws {
        stdoutPath = logPath
        stderrPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try start(executable, arguments, environment, stdout: log, stderr: log)
    }

    init(
        executable: String, arguments: [String], environment: [String: String], stdoutPath: String, stderrPath: String
    )
        throws
    {
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        for path in [stdoutPath, stderrPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        try start(
            executable, arguments, environment, stdout: try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath)),
            stderr: try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath)))
    }

    private func start(
        _ executable: String, _ arguments: [String], _ environment: [String: String], stdout: FileHandle,
        stderr: FileHandle
    ) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stdout: String { log }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Writes `text` to the program's standard input.
    func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    func terminate() { kill(process.processIdentifier, SIGTERM) }

    func forceStop() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Waits until `condition` holds, polling every 20 ms (the deadline only ends a broken run).
    func waitFor(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                throw ScenarioError("timed out waiting for \(what); output:\n\(stdout)\n\(stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the program to exit and returns its status.
    func waitForExit() async throws -> Int32 {
        try await waitFor("exit") { !process.isRunning }
        return process.terminationStatus
    }

    deinit { forceStop() }
}

/// The simulator, started as a newcomer starts it.
private final class SimulatorProcess: Sendable {
    private let running: LoggedProcess

    init(arguments: [String], environment: [String: String], directory: TemporaryDirectory) throws {
        running = try LoggedProcess(
            executable: BuiltExecutable.path("sso-self-healing-demo"), arguments: ["simulate-aws"] + arguments,
            environment: environment, stdoutPath: directory.file("simulator.out"),
            stderrPath: directory.file("simulator.err"))
    }

    var stdoutPath: String { running.stdoutPath }
    var stdout: String { running.stdout }
    var stderr: String { running.stderr }

    /// Waits for the `# ready` line that ends its shell lines.
    func waitForReady() async throws {
        try await running.waitFor("# ready") { running.stdout.contains("\n# ready\n") }
    }

    func send(_ text: String) { running.send(text) }
    func waitFor(_ what: String, _ condition: () -> Bool) async throws { try await running.waitFor(what, condition) }
    func terminate() { running.terminate() }
    func forceStop() { running.forceStop() }
    func waitForExit() async throws -> Int32 { try await running.waitForExit() }
}
