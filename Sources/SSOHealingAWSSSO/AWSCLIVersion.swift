import SSOHealingCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Which AWS CLI the machine has, as `aws --version` says (`aws-cli/2.15.30 Python/3.11.8 …`):
/// asked once per program and `PATH`, the first time a remedy needs it, then remembered.
enum AWSCLIVersion: Sendable, Equatable {
    /// No such program on `PATH`, or it does not answer like the AWS CLI.
    case missing
    /// The CLI with this major version.
    case major(Int)

    /// The version `text` (the program's output) names; `nil` when it names none.
    static func parse(_ text: String) -> AWSCLIVersion? {
        guard let range = text.firstRange(of: "aws-cli/") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits).map(AWSCLIVersion.major)
    }

    /// How long `aws --version` may take.
    static let timeout: Duration = .seconds(15)

    private static let known = Mutex<[String: AWSCLIVersion]>([:])

    /// The version of `program` on `environment`'s `PATH`, asked once and remembered.
    static func detect(_ program: String, environment: [String: String]) async -> AWSCLIVersion {
        let key = program + "\n" + (environment["PATH"] ?? "")
        if let version = known.withLock({ $0[key] }) { return version }
        var version = AWSCLIVersion.missing
        if let output = try? await ProcessRunner.run(
            [program, "--version"], environment: environment, timeout: timeout, maxOutputBytes: 4096),
            output.exitStatus == 0
        {
            // Version 1 printed it on standard error, version 2 prints it on standard output.
            version = parse(output.stdoutText) ?? parse(output.stderrText) ?? .missing
        }
        known.withLock { $0[key] = version }
        return version
    }
}
