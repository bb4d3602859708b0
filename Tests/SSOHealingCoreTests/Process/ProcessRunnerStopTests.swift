import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct ProcessRunnerStopTests {
    /// A script that starts two grandchildren, one of which ignores SIGTERM, writes their ids, and waits.
    private func writeFamilyScript(in directory: TemporaryDirectory) throws -> String {
        try writeScript(
            "family.sh", in: directory,
            """
            sleep 1000 &
            echo $! > "$1.tmp" && mv "$1.tmp" "$1"
            ( trap '' TERM; exec sleep 1000 ) &
            echo $! > "$2.tmp" && mv "$2.tmp" "$2"
            echo started
            wait
            """)
    }

    @Test func aTimeoutKillsTheWholeProcessGroup() async throws {
        // The premise is an order of events: both grandchildren exist (their pid files are
        // written) before the timeout fires. A busy machine may not even fork them within a short
        // timeout; then the run proves nothing and is repeated with twice the timeout.
        var timeout = Duration.milliseconds(500)
        while true {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let script = try writeFamilyScript(in: directory)
            let (first, second) = (directory.file("first.pid"), directory.file("second.pid"))
            let started = ContinuousClock.now
            let output = try await ProcessRunner.run(
                [script, first, second], environment: testEnvironment, timeout: timeout)
            #expect(output.timedOut)
            #expect(!output.cancelled)
            #expect(output.exitStatus == nil && output.signal == SIGTERM)
            #expect(started.duration(to: .now) >= timeout, "killed before its timeout")
            guard output.firstStdoutLine == "started",
                let firstPID = await readPID(first, within: .zero),
                let secondPID = await readPID(second, within: .zero)
            else {
                try #require(timeout < .seconds(64), "the script never started its children")
                timeout *= 2
                continue
            }
            #expect(await waitUntilGone(firstPID))
            #expect(await waitUntilGone(secondPID), "the grandchild that ignores SIGTERM survived")
            return
        }
    }

    @Test func aProgramIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript("stubborn.sh", in: directory, "trap '' TERM\nwhile :; do sleep 0.05; done")
        let output = try await ProcessRunner.run([script], environment: testEnvironment, timeout: .milliseconds(200))
        #expect(output.timedOut)
        #expect(output.signal == SIGKILL)
        // Not before the timeout and the grace that SIGTERM gets (a lower bound cannot flake).
        #expect(output.duration >= .milliseconds(1_100))
    }

    @Test func cancellingTheTaskKillsTheProcessGroupPromptly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeFamilyScript(in: directory)
        let (first, second) = (directory.file("first.pid"), directory.file("second.pid"))
        let task = Task {
            try await ProcessRunner.run([script, first, second], environment: testEnvironment, timeout: .seconds(60))
        }
        let firstPID = try #require(await readPID(first))
        let secondPID = try #require(await readPID(second))
        task.cancel()
        let output = try await task.value
        // Ended by the cancellation, not by its one-minute timeout.
        #expect(output.timedOut && output.cancelled)
        #expect(await waitUntilGone(firstPID))
        #expect(await waitUntilGone(secondPID))
    }

    @Test func anAlreadyCancelledTaskStartsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let marker = directory.file("ran")
        let script = try writeScript("marker.sh", in: directory, #"touch "$1""#)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await ProcessRunner.run([script, marker], environment: testEnvironment, timeout: .seconds(10))
        }
        let output = try await task.value
        #expect(output.cancelled)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
