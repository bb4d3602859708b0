import Foundation
import Logging
import SSOHealingCommandProbe
import SSOHealingCore
import SSOHealingTestKit

/// The test process's environment, which has a `PATH` with bash and coreutils.
let testEnvironment = ProcessInfo.processInfo.environment

/// Writes an executable bash script named `name` into `directory` and returns its path.
@discardableResult
func writePlugin(_ name: String, in directory: TemporaryDirectory, _ body: String) throws -> String {
    try directory.write(name, "#!/bin/bash\n" + body + "\n", mode: 0o755)
}

/// A `[probe.vpn]` table as the loader would decode it: the given values over the schema's defaults,
/// each given key placed on its own line.
func probeConfiguration(_ given: [String: ConfigValue]) -> ProbeConfiguration {
    let schema = ProbeConfiguration.commonSchema.merging(CommandProbe.schema)
    var values: [String: ConfigValue] = ["type": .string(CommandProbe.kind)]
    for key in schema.keys { if let value = key.defaultValue { values[key.name] = value } }
    var locations: [String: SourceLocation] = [:]
    for (offset, entry) in given.sorted(by: { $0.key < $1.key }).enumerated() {
        values[entry.key] = entry.value
        locations[entry.key] = SourceLocation(line: 10 + offset, column: 11)
    }
    let section = ConfigSection(
        file: "config.toml", path: "probe.vpn", location: SourceLocation(line: 9, column: 1), values: values,
        locations: locations, schema: schema)
    return ProbeConfiguration(name: "vpn", section: section)
}

/// A probe built by the `command` factory from `given` keys.
func makeProbe(_ given: [String: ConfigValue], environment: [String: String] = testEnvironment) throws -> any Probe {
    let context = ProbeContext(
        configuration: probeConfiguration(given), logger: Logger(label: "test.probe.vpn"), environment: environment,
        stateDirectory: NSTemporaryDirectory())
    return try CommandProbe.factory.make(context)
}
