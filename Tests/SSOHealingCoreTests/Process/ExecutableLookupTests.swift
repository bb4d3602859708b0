import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct ExecutableLookupTests {
    @Test func aNameWithoutSlashIsFoundOnTheGivenPath() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeScript("my-plugin", in: directory, #"echo "plugin $1""#)
        let output = try await ProcessRunner.run(
            ["my-plugin", "ran"], environment: ["PATH": "relative/dir::\(directory.path):/usr/bin:/bin"],
            timeout: .seconds(10))
        #expect(output.stdoutText == "plugin ran\n")
    }

    @Test func aNameNotOnPathIsAClearErrorThatHidesTheArguments() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(
                ["no-such-program-xyz", "--password=hunter2"], environment: ["PATH": "/usr/bin:/bin"],
                timeout: .seconds(10))
        }
        #expect(error == .executableNotFound("no-such-program-xyz"))
        #expect(error?.description == "program \"no-such-program-xyz\" not found on PATH")
    }

    @Test func aMissingPathIsNotFound() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(["/no/such/program"], environment: testEnvironment, timeout: .seconds(10))
        }
        #expect(error == .executableNotFound("/no/such/program"))
        #expect(error?.description == "program /no/such/program not found")
    }

    @Test func anEmptyCommandIsAnError() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run([], environment: testEnvironment, timeout: .seconds(10))
        }
        #expect(error?.description == "no program given")
    }

    @Test func aFileWithoutExecutePermissionIsNotExecutable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("plain.sh", "#!/bin/bash\necho hi\n", mode: 0o644)
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run([path], environment: testEnvironment, timeout: .seconds(10))
        }
        #expect(error == .notExecutable(path))
        let viaPath = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run(["plain.sh"], environment: ["PATH": directory.path], timeout: .seconds(10))
        }
        #expect(viaPath == .notExecutable(path))
        let directoryError = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run([directory.path], environment: testEnvironment, timeout: .seconds(10))
        }
        #expect(directoryError == .notExecutable(directory.path))
    }

    @Test func aFileTheSystemCannotExecuteIsASpawnFailureNamingOnlyThePath() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("no-shebang", "echo hi\n", mode: 0o755)
        let error = await #expect(throws: ProcessRunnerError.self) {
            try await ProcessRunner.run([path, "token=s3cr3t"], environment: testEnvironment, timeout: .seconds(10))
        }
        #expect(error == .spawnFailed(path, errno: ENOEXEC))
        #expect(error?.description.hasPrefix("cannot start \(path): ") == true)
        #expect(error?.description.contains("s3cr3t") == false)
        #expect(error?.isTransient == false)
    }
}
