import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct ProcessRunnerResourceTests {
    @Test func outputBeyondTheCapIsDroppedWithoutBlockingTheProgram() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try writeScript(
            "flood.sh", in: directory, "head -c 3000000 /dev/zero\nhead -c 3000000 /dev/zero >&2\necho done >&2")
        let output = try await ProcessRunner.run(
            [script], environment: testEnvironment, timeout: .seconds(10), maxOutputBytes: 1_000)
        #expect(output.exitStatus == 0)
        #expect(!output.timedOut)
        #expect(output.stdout.count == 1_000)
        #expect(output.stderr.count == 1_000)
    }

    @Test func aProgramThatIgnoresItsInputDoesNotHurtUs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = [UInt8](repeating: 0x41, count: 4 << 20)
        let quick = try await ProcessRunner.run(
            ["true"], stdin: input, environment: testEnvironment, timeout: .seconds(10))
        #expect(quick.exitStatus == 0)
        let closer = try writeScript("closer.sh", in: directory, "exec 0<&-\nsleep 0.2\necho still here")
        let output = try await ProcessRunner.run(
            [closer], stdin: input, environment: testEnvironment, timeout: .seconds(10))
        #expect(output.exitStatus == 0)
        #expect(output.stdoutText == "still here\n")
    }

    @Test func twoHundredRunsLeakNoFileDescriptors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let noShebang = try directory.write("no-shebang", "echo hi\n", mode: 0o755)
        // Warm up lazily created state (SIGPIPE disposition, dlsym lookups, Foundation's threads).
        _ = try await ProcessRunner.run(["true"], stdin: [1], environment: testEnvironment, timeout: .seconds(10))
        let before = try openDescriptorCount()
        for index in 0..<200 {
            switch index % 10 {
            case 0:
                await #expect(throws: ProcessRunnerError.self) {
                    try await ProcessRunner.run([noShebang], environment: testEnvironment, timeout: .seconds(10))
                }
            case 1:
                await #expect(throws: ProcessRunnerError.self) {
                    try await ProcessRunner.run(
                        ["no-such-program-xyz"], environment: testEnvironment, timeout: .seconds(10))
                }
            case 2:
                let output = try await ProcessRunner.run(["sleep", "5"], environment: testEnvironment, timeout: .zero)
                #expect(output.timedOut)
            default:
                let input: [UInt8]? = index.isMultiple(of: 2) ? Array("line \(index)\n".utf8) : nil
                let output = try await ProcessRunner.run(
                    ["cat"], stdin: input, environment: testEnvironment, timeout: .seconds(10))
                #expect(output.stdout == (input ?? []))
            }
        }
        // Other suites run in parallel in this process and open files of their own; a leak here
        // would show as at least 200 descriptors, so a small allowance keeps the test stable.
        var after = try openDescriptorCount()
        for _ in 0..<50 where after > before {
            try await Task.sleep(for: .milliseconds(20))
            after = try openDescriptorCount()
        }
        #expect(after <= before + 10, "open descriptors went from \(before) to \(after)")
    }

    private func openDescriptorCount() throws -> Int {
        #if os(Linux)
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        #else
            try FileManager.default.contentsOfDirectory(atPath: "/dev/fd").count
        #endif
    }
}
