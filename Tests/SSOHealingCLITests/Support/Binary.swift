import Foundation
import SSOHealingCore
import SSOHealingTestKit

/// The built `sso-self-healing` executable, run the way a user or a service manager runs it.
enum Binary {
    /// The executable's path, next to the test bundle in the build's products directory.
    static let path = BuiltExecutable.path()
    /// The same program with a wall clock pinned by `SSO_SELF_HEALING_TEST_NOW` (tests only).
    static let testbed = BuiltExecutable.path("sso-self-healing-testbed")

    /// Runs the binary to completion.
    static func run(
        _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        try await ProcessRunner.run([path] + arguments, environment: environment, timeout: timeout)
    }
}

/// A daemon (`run`) started in the background, its output going to a file.
typealias RunningDaemon = BackgroundProgram

extension BackgroundProgram {
    /// Starts `sso-self-healing run ARGUMENTS`.
    convenience init(arguments: [String], environment: [String: String], logPath: String) throws {
        try self.init(
            executable: Binary.path, arguments: ["run"] + arguments, environment: environment, logPath: logPath)
    }
}

/// A scenario failed in a way worth reading.
struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
