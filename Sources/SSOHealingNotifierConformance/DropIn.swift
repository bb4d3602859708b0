import Foundation
import Logging
import SSOHealingCore

/// Builds notifiers from drop-in text through the real configuration loader, for tests.
public enum DropIn {
    /// A problem loading the drop-in: every diagnostic, one a line.
    public struct LoadError: Error, CustomStringConvertible {
        /// The diagnostics.
        public var description: String
    }

    /// Loads `toml` as `notifiers.d/<name>.toml` with `type` registered from `factory`, and
    /// returns its configuration (secrets and `${VAR}` resolved from `environment`).
    public static func configuration(
        _ toml: String, type: NotifierType, factory: NotifierFactory, name: String = "10-test",
        environment: [String: String] = [:]
    ) throws -> NotifierConfiguration {
        let directory = NSTemporaryDirectory() + "/sso-self-healing-dropin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/notifiers.d", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/notifiers.d/\(name).toml"
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        let kinds = ConfigurationKinds(notifierTypes: [type.rawValue: factory.schema])
        let result = ConfigurationLoader(directory: directory, environment: environment, kinds: kinds).load()
        guard let configuration = result.configuration, let notifier = configuration.notifiers.first else {
            throw LoadError(description: result.errors.map(\.description).joined(separator: "\n"))
        }
        return notifier
    }

    /// Loads `toml` and builds the notifier with `factory`, logging to `logger`.
    public static func notifier(
        _ toml: String, type: NotifierType, factory: NotifierFactory, logger: Logger,
        environment: [String: String] = [:]
    ) throws -> any Notifier {
        let configuration = try configuration(toml, type: type, factory: factory, environment: environment)
        return try factory.make(NotifierContext(configuration: configuration, logger: logger, environment: environment))
    }
}
