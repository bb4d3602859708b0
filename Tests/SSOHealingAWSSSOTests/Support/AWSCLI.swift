import Foundation
import SSOHealingCore
import Testing

/// The real AWS CLI (`pip install awscli`), which the compatibility tests require: when it is
/// missing they fail and say how to install it, rather than skip.
enum AWSCLI {
    /// The CLI's path: the script behind a pyenv shim when there is one (saving the shim's start-up
    /// on every run), else the first `aws` on `PATH`; `nil` when there is none.
    static let resolved: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/aws"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            if directory.hasSuffix(".pyenv/shims"),
                let python = try? String(contentsOfFile: candidate, encoding: .utf8), python.contains("pyenv")
            {
                let root = String(directory.dropLast("/shims".count))
                if let version = pyenvVersion(root: root),
                    FileManager.default.isExecutableFile(atPath: "\(root)/versions/\(version)/bin/aws")
                {
                    return "\(root)/versions/\(version)/bin/aws"
                }
            }
            return candidate
        }
        return nil
    }()

    /// The path, or a test failure telling how to install the CLI.
    static var path: String {
        guard let resolved else {
            Issue.record("the AWS CLI (`aws`) is not on PATH: install it with `python3 -m pip install awscli`")
            return "aws"
        }
        return resolved
    }

    /// Requires the CLI, failing the test with the install hint when it is missing.
    static func require() throws -> String {
        guard let resolved else {
            throw HarnessError("the AWS CLI (`aws`) is not on PATH: install it with `python3 -m pip install awscli`")
        }
        return resolved
    }

    /// Runs `aws` with `arguments`.
    static func run(
        _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        try await ProcessRunner.run([try require()] + arguments, environment: environment, timeout: timeout)
    }

    private static func pyenvVersion(root: String) -> String? {
        if let version = ProcessInfo.processInfo.environment["PYENV_VERSION"], !version.isEmpty { return version }
        guard let text = try? String(contentsOfFile: "\(root)/version", encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}

/// A Python 3 interpreter with botocore (the one the AWS CLI runs on).
enum Python {
    /// The interpreter next to the resolved AWS CLI, else `python3` on `PATH`.
    static var path: String {
        if let cli = AWSCLI.resolved {
            let sibling = (cli as NSString).deletingLastPathComponent + "/python3"
            if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        }
        return "python3"
    }

    /// Runs `script` with `arguments`, feeding `stdin`.
    static func run(
        _ script: String, arguments: [String] = [], stdin: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        try await ProcessRunner.run(
            [path, "-c", script] + arguments, stdin: stdin.map { Array($0.utf8) }, environment: environment,
            timeout: timeout)
    }
}
