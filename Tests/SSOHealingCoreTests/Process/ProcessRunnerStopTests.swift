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
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeFamilyScript(in: directory)
        let (first, second) = (directory.file("first.pid"), directory.file("second.pid"))
        let started = ContinuousClock.now
        let output = try await ProcessRunner.run(
            [script, first, second], environment: testEnvironment, timeout: .milliseconds(500))
        let elapsed = started.duration(to: .now)
        #expect(output.timedOut)
        #expect(!output.cancelled)
        #expect(output.firstStdoutLine == "started")
        #expect(output.exitStatus == nil && output.signal == SIGTERM)
        #expect(elapsed >= .milliseconds(500) && elapsed < .seconds(15))
        let firstPID = try #require(await readPID(first, within: .zero))
        let secondPID = try #require(await readPID(second, within: .zero))
        #expect(await waitUntilGone(firstPID))
        #expect(await waitUntilGone(secondPID), "the grandchild that ignores SIGTERM survived")
    }

    @Test func aProgramIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript("stubborn.sh", in: directory, "trap '' TERM\nwhile :; do sleep 0.05; done")
        let output = try await ProcessRunner.run([script], environment: testEnvironment, timeout: .milliseconds(200))
        #expect(output.timedOut)
        #expect(output.signal == SIGKILL)
        #expect(output.duration >= .milliseconds(1_100) && output.duration < .seconds(15))
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
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let output = try await task.value
        #expect(cancelledAt.duration(to: .now) < .seconds(10))
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
