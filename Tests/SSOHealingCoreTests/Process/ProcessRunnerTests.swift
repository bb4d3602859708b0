import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct ProcessRunnerTests {
    @Test func exitStatusAndBothStreamsAreCaptured() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript("streams.sh", in: directory, "echo out; echo 'second line'; echo err >&2; exit 3")
        let output = try await ProcessRunner.run([script], environment: testEnvironment, timeout: .seconds(10))
        #expect(output.exitStatus == 3)
        #expect(output.signal == nil)
        #expect(output.stdoutText == "out\nsecond line\n")
        #expect(output.firstStdoutLine == "out")
        #expect(output.stderrText == "err\n")
        #expect(output.firstStderrLine == "err")
        #expect(!output.timedOut && !output.cancelled)
        #expect(output.duration > .zero)
    }

    @Test func zeroExitIsReportedAsZero() async throws {
        let output = try await ProcessRunner.run(["true"], environment: testEnvironment, timeout: .seconds(10))
        #expect(output.exitStatus == 0)
        #expect(output.stdout.isEmpty && output.stderr.isEmpty)
    }

    @Test func argumentsArePassedUnchanged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript("args.sh", in: directory, #"printf '%s\n' "$#" "$@""#)
        let output = try await ProcessRunner.run(
            [script, "a b", "", "$HOME", "ü"], environment: testEnvironment, timeout: .seconds(10))
        #expect(output.stdoutText == "4\na b\n\n$HOME\nü\n")
    }

    @Test func standardInputIsDeliveredAndClosed() async throws {
        // More than a pipe buffer, so writing and reading must interleave.
        let input = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let output = try await ProcessRunner.run(
            ["cat"], stdin: input, environment: testEnvironment, timeout: .seconds(10))
        #expect(output.exitStatus == 0)
        #expect(output.stdout == input)
    }

    @Test func withoutInputTheProgramReadsEndOfFile() async throws {
        let output = try await ProcessRunner.run(["wc", "-c"], environment: testEnvironment, timeout: .seconds(10))
        #expect(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript("env.sh", in: directory, #"echo "${GREETING}|${HOME-unset}""#)
        let output = try await ProcessRunner.run(
            [script], environment: ["PATH": "/usr/bin:/bin", "GREETING": "hello world"], timeout: .seconds(10))
        #expect(output.stdoutText == "hello world|unset\n")
    }

    @Test func aSignalEndingTheProgramIsReported() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript("suicide.sh", in: directory, "kill -KILL $$")
        let output = try await ProcessRunner.run([script], environment: testEnvironment, timeout: .seconds(10))
        #expect(output.exitStatus == nil)
        #expect(output.signal == SIGKILL)
        #expect(!output.timedOut)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "reads /proc"))
    func theProgramLeadsItsOwnProcessGroupWithDefaultSignals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Field 5 of /proc/PID/stat is the process group; SigIgn lists ignored signals.
        let script = try writeScript(
            "group.sh", in: directory,
            #"echo "$$ $(cut -d' ' -f5 /proc/$$/stat) $(grep SigIgn /proc/$$/status | cut -f2)""#)
        let output = try await ProcessRunner.run([script], environment: testEnvironment, timeout: .seconds(10))
        let fields = output.firstStdoutLine.split(separator: " ")
        try #require(fields.count == 3)
        #expect(fields[0] == fields[1])
        #expect(fields[1] != "\(getpgrp())")
        // SIGPIPE (13) is ignored in this test process but must be back to default in the child.
        let ignored = UInt64(fields[2], radix: 16) ?? .max
        #expect(ignored & (1 << (UInt64(SIGPIPE) - 1)) == 0)
    }

    @Test func aWorkingDirectoryIsEnteredAndRelativeProgramsAreFoundThere() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeScript("here.sh", in: directory, "pwd -P")
        let output = try await ProcessRunner.run(
            ["./here.sh"], environment: testEnvironment, timeout: .seconds(10), workingDirectory: directory.path)
        let expected = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path
        #expect(output.stdoutText == expected + "\n")
    }

    @Test func aMissingWorkingDirectoryIsAClearError() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(
                ["true"], environment: testEnvironment, timeout: .seconds(10), workingDirectory: "/no/such/dir")
        }
        #expect(error == .invalidWorkingDirectory("/no/such/dir"))
        #expect(error?.description == "working directory /no/such/dir is not a directory")
    }

    @Test func concurrentRunsKeepTheirOutputsApart() async throws {
        let outputs = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<16 {
                group.addTask {
                    let output = try await ProcessRunner.run(
                        ["echo", "run \(index)"], environment: testEnvironment, timeout: .seconds(10))
                    return (index, output.stdoutText)
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        for index in 0..<16 { #expect(outputs[index] == "run \(index)\n") }
    }
}
