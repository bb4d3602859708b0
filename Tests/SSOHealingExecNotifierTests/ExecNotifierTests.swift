import Foundation
import SSOHealingCore
import SSOHealingExecNotifier
import SSOHealingTestKit
import Testing

@Suite struct ExecNotifierTests {
    @Test func theProgramGetsTheEventJSONOnStdinAndEveryVariable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (stdinFile, environmentFile) = (directory.file("stdin.json"), directory.file("environment"))
        let program = try writeProgram(
            "record.sh", in: directory, #"cat > "$1"; env -0 > "$2""#)
        let channel = try makeChannel([
            "command": .strings([program, stdinFile, environmentFile]),
            "environment": .stringTable([.init(key: "PAGER_TOKEN", value: "tok-123"), .init(key: "LANG", value: "C")]),
        ])
        let event = sampleEvent()
        #expect(await channel.deliver(event) == .delivered)

        let received = try Data(contentsOf: URL(fileURLWithPath: stdinFile))
        // One line of JSON, read by the tests' own decoder of the documented event (not the product's).
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        let delivered = try DocumentedEvent.decode(text)
        #expect(
            delivered.fields == [
                "version": "1", "id": "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e", "fingerprint": "aws-sso:prod",
                "episode": "7", "transition": "0", "probe": "prod", "kind": "aws-sso", "previous": "ok",
                "state": "expired", "severity": "critical", "reminder": "0", "resolved": "false",
                "summary": "SSO session for profile prod expired: refresh token rejected (invalid_grant)",
                "remedy": "aws sso login --profile prod", "details": "session_expires_at=2026-11-27T15:00:00Z",
                "at": "2026-11-27T15:04:05Z", "host": "build-mac-3", "test": "false",
            ])

        let environment = try parseEnvironment(environmentFile)
        let expected: [String: String] = [
            "SSO_SELF_HEALING_PROBE": "prod",
            "SSO_SELF_HEALING_STATE": "expired",
            "SSO_SELF_HEALING_PREVIOUS": "ok",
            "SSO_SELF_HEALING_SEVERITY": "critical",
            "SSO_SELF_HEALING_SUMMARY": event.summary,
            "SSO_SELF_HEALING_EVENT_ID": event.id,
            "SSO_SELF_HEALING_FINGERPRINT": "aws-sso:prod",
            "SSO_SELF_HEALING_RESOLVED": "false",
            "SSO_SELF_HEALING_EPISODE": "7",
            "SSO_SELF_HEALING_REMINDER": "0",
            "SSO_SELF_HEALING_KIND": "aws-sso",
            "SSO_SELF_HEALING_HOST": "build-mac-3",
            "SSO_SELF_HEALING_REMEDY": "aws sso login --profile prod",
            "SSO_SELF_HEALING_TEST": "false",
        ]
        for (name, value) in expected { #expect(environment[name] == value, "\(name)") }
        #expect(environment.keys.filter { $0.hasPrefix("SSO_SELF_HEALING_") }.count >= expected.count)
        #expect(environment["PAGER_TOKEN"] == "tok-123")
        #expect(environment["LANG"] == "C", "configured variables override inherited ones")
        #expect(environment["PATH"] == testEnvironment["PATH"])
    }

    @Test func aResolvedTestEventSetsItsFlagsAndAnEmptyRemedy() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environmentFile = directory.file("environment")
        let program = try writeProgram("record.sh", in: directory, #"env -0 > "$1""#)
        var event = sampleEvent(state: .ok, reminder: 2, test: true)
        event.remedy = nil
        let channel = ExecNotifier(command: [program, environmentFile], processEnvironment: testEnvironment)
        #expect(await channel.deliver(event) == .delivered)
        let environment = try parseEnvironment(environmentFile)
        #expect(environment["SSO_SELF_HEALING_RESOLVED"] == "true")
        #expect(environment["SSO_SELF_HEALING_TEST"] == "true")
        #expect(environment["SSO_SELF_HEALING_REMINDER"] == "2")
        #expect(environment["SSO_SELF_HEALING_SEVERITY"] == "info")
        #expect(environment["SSO_SELF_HEALING_REMEDY"] == "")
    }

    @Test func exitStatusesMapToDeliveryResults() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let program = try writeProgram(
            "exit.sh", in: directory, #"cat > /dev/null; [ -n "$2" ] && echo "$2" >&2; exit "$1""#)
        func deliver(_ arguments: String...) async -> DeliveryResult {
            await ExecNotifier(command: [program] + arguments, processEnvironment: testEnvironment)
                .deliver(sampleEvent())
        }
        #expect(await deliver("0") == .delivered)
        #expect(
            await deliver("75", "mail queue full")
                == .retry(after: nil, reason: "exit.sh exited with status 75 (temporary failure): mail queue full"))
        #expect(
            await deliver("3", "  unknown chat id  ")
                == .failed(reason: "exit.sh exited with status 3: unknown chat id"))
        #expect(await deliver("1") == .failed(reason: "exit.sh exited with status 1"))
        let long = String(repeating: "x", count: 500)
        guard case .failed(let reason) = await deliver("2", long) else {
            Issue.record("exit 2 is not a failure")
            return
        }
        #expect(reason == "exit.sh exited with status 2: " + String(repeating: "x", count: 199) + "…")
    }

    @Test func aProgramKilledByASignalFails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let program = try writeProgram("crash.sh", in: directory, "kill -KILL $$")
        let result = await ExecNotifier(command: [program], processEnvironment: testEnvironment)
            .deliver(sampleEvent())
        #expect(result == .failed(reason: "crash.sh was killed by signal 9"))
    }

    @Test func aTimeoutRetriesAndKillsTheProcessGroup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidFile = directory.file("child.pid")
        let program = try writeProgram("hang.sh", in: directory, "sleep 1000 &\necho $! > \"$1\"\nwait")
        let channel = try makeChannel([
            "command": .strings([program, pidFile]), "timeout": .duration(.milliseconds(300)),
        ])
        // The answer says the run was cut at its timeout (an uncut one would sleep 1000 s).
        let result = await channel.deliver(sampleEvent())
        #expect(result == .retry(after: nil, reason: "hang.sh timed out after 300ms; its process group was killed"))
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await isGone(pid), "the program's child outlived the timeout")
    }

    @Test func reasonsCarryNeitherTheEventNorConfiguredValues() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let echo = try writeProgram("echo.sh", in: directory, "cat >&2\nexit 1")
        let event = sampleEvent()
        let echoed = await ExecNotifier(command: [echo], processEnvironment: testEnvironment).deliver(event)
        #expect(
            echoed
                == .failed(
                    reason: "echo.sh exited with status 1: (its error output repeats the event and is not shown)"))
        for fragment in [event.id, event.summary, "\"at\"", event.fingerprint] {
            #expect(!echoed.description.contains(fragment))
        }

        let leak = try writeProgram(
            "leak.sh", in: directory, #"echo "auth failed for token $PAGER_TOKEN at $PAGER_URL" >&2; exit 75"#)
        let leaked = await ExecNotifier(
            command: [leak], environment: ["PAGER_TOKEN": "s3cr3t-t0ken", "PAGER_URL": "https://h/k3y"],
            processEnvironment: testEnvironment
        ).deliver(event)
        #expect(
            leaked
                == .retry(
                    after: nil,
                    reason:
                        "leak.sh exited with status 75 (temporary failure): auth failed for token <redacted> at <redacted>"
                ))
    }

    @Test func aMissingProgramFailsWithoutItsArguments() async {
        let result = await ExecNotifier(
            command: ["no-such-notifier-xyz", "--token=abc"], processEnvironment: ["PATH": "/usr/bin:/bin"]
        ).deliver(sampleEvent())
        #expect(result == .failed(reason: "program \"no-such-notifier-xyz\" not found on PATH"))
    }

    @Test func theSchemaRequiresACommandAndKeepsTheEnvironmentSecret() throws {
        #expect(ExecNotifier.type == "exec")
        #expect(ExecNotifier.schema.key("command")?.isRequired == true)
        #expect(ExecNotifier.schema.key("environment")?.isSecret == true)
        let empty = notifierConfiguration(["command": .strings([])]).section
        let problems = ExecNotifier.schema.validate?(empty) ?? []
        #expect(problems.map(\.location) == [empty.locations["command"]!])
        #expect(problems.first?.description.hasPrefix("notifiers.d/50-pager.toml:") == true)
        #expect(throws: ConfigDiagnostic.self) { try makeChannel(["command": .strings([])]) }
        let badName = notifierConfiguration([
            "command": .strings(["true"]), "environment": .stringTable([.init(key: "A=B", value: "x")]),
        ]).section
        #expect(ExecNotifier.schema.validate?(badName).count == 1)
        let valid = notifierConfiguration(["command": .strings(["true"])]).section
        #expect(ExecNotifier.schema.validate?(valid).isEmpty == true)
    }

    private func parseEnvironment(_ path: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var environment: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return environment
    }

    private func isGone(_ pid: pid_t) async -> Bool {
        for _ in 0..<100 {
            if kill(pid, 0) != 0 { return true }
            #if os(Linux)
                if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let end = stat.lastIndex(of: ")"), stat[end...].hasPrefix(") Z")
                {
                    return true
                }
            #endif
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
