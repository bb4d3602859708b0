import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// Which output a failed program's reason quotes.
@Suite struct ProgramDeliveryQuotingTests {
    /// A program that says why it failed on standard output only (as apprise logs), naming a secret.
    private func failingProgram(in directory: TemporaryDirectory) throws -> String {
        try writeScript(
            "logs-to-stdout", in: directory,
            """
            cat > /dev/null
            echo "WARNING - Failed to send notification to hook-s3cr3t-path: Forbidden, error=403."
            exit 1
            """)
    }

    @Test func standardOutputIsQuotedWhenAskedForAndStandardErrorIsEmptyWithoutTheSecret() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = await ProgramDelivery.run(
            [try failingProgram(in: directory)], input: "message", inputName: "the message",
            environment: testEnvironment, timeout: .seconds(60), secrets: ["hook-s3cr3t-path"], policy: .retrying,
            quoting: .standardErrorOrOutput)
        #expect(
            result
                == .failed(
                    reason:
                        "logs-to-stdout exited with status 1: WARNING - Failed to send notification to <redacted>: Forbidden, error=403."
                ))
    }

    @Test func standardOutputIsNotQuotedByDefault() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = await ProgramDelivery.run(
            [try failingProgram(in: directory)], input: "message", inputName: "the message",
            environment: testEnvironment, timeout: .seconds(60), secrets: ["hook-s3cr3t-path"], policy: .retrying)
        #expect(result == .failed(reason: "logs-to-stdout exited with status 1"))
    }
}
