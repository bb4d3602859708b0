import Foundation
import Logging
import SSOHealingCore
import SSOHealingExecNotifier
import SSOHealingTestKit

/// The test process's environment, which has a `PATH` with bash and coreutils.
let testEnvironment = ProcessInfo.processInfo.environment

/// Writes an executable bash script named `name` into `directory` and returns its path.
@discardableResult
func writeProgram(_ name: String, in directory: TemporaryDirectory, _ body: String) throws -> String {
    try directory.write(name, "#!/bin/bash\n" + body + "\n", mode: 0o755)
}

/// An event with every field set to something recognisable.
func sampleEvent(state: HealthState = .expired, reminder: Int = 0, test: Bool = false) -> AlertEvent {
    AlertEvent(
        id: "0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e", fingerprint: "aws-sso:prod", episode: 7, probe: "prod",
        kind: "aws-sso", previous: .ok, state: state, reminder: reminder,
        summary: "SSO session for profile prod expired: refresh token rejected (invalid_grant)",
        remedy: "aws sso login --profile prod", details: ["session_expires_at": "2026-11-27T15:00:00Z"],
        at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3", test: test)
}

/// A drop-in as the loader would decode it: the given values over both schemas' defaults.
func notifierConfiguration(_ given: [String: ConfigValue]) -> NotifierConfiguration {
    let schema = NotifierConfiguration.commonSchema.merging(ExecNotifier.schema)
    var values: [String: ConfigValue] = ["type": .string(ExecNotifier.type.rawValue)]
    for key in schema.keys { if let value = key.defaultValue { values[key.name] = value } }
    var locations: [String: SourceLocation] = [:]
    for (offset, entry) in given.sorted(by: { $0.key < $1.key }).enumerated() {
        values[entry.key] = entry.value
        locations[entry.key] = SourceLocation(line: 2 + offset, column: 11)
    }
    let section = ConfigSection(
        file: "notifiers.d/50-pager.toml", path: "50-pager", location: SourceLocation(line: 1, column: 1),
        values: values, locations: locations, secretKeys: ["environment"], schema: schema)
    return NotifierConfiguration(name: "50-pager", file: "notifiers.d/50-pager.toml", section: section)
}

/// A channel built by the `exec` factory from `given` keys.
func makeChannel(
    _ given: [String: ConfigValue], environment: [String: String] = testEnvironment
) throws
    -> any Notifier
{
    let context = NotifierContext(
        configuration: notifierConfiguration(given), logger: Logger(label: "test.notifier.exec"),
        environment: environment)
    return try ExecNotifier.factory.make(context)
}
