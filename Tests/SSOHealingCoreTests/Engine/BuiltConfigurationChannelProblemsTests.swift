import Foundation
import Logging
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A channel whose factory refuses its drop-in is left out with its error when the build
/// disables broken channels (`run`, `check`), and fails the build otherwise.
@Suite struct BuiltConfigurationChannelProblemsTests {
    struct Silent: Notifier {
        func deliver(_ event: AlertEvent) async -> DeliveryResult { .delivered }
    }

    /// A registry whose `picky` channels refuse `mood = "bad"` only when built, as a factory
    /// that checks what its schema cannot.
    static func registry() -> Registry {
        let registry = Registry()
        registry.register(
            notifier: "picky",
            NotifierFactory(schema: ConfigSchema(keys: [ConfigKey("mood", .string)])) { context in
                if context.section.string("mood") == "bad" {
                    throw context.section.error("\"mood\" cannot be \"bad\"", key: "mood")
                }
                return Silent()
            })
        return registry
    }

    @Test func aRefusedChannelIsLeftOutWithItsErrorOrFailsTheBuild() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("notifiers.d/10-good.toml", "type = \"picky\"\n")
        let bad = try directory.write("notifiers.d/20-bad.toml", "type = \"picky\"\nmood = \"bad\"\n")
        let registry = Self.registry()
        let configuration = try ConfigurationLoader(directory: directory.path, environment: [:], kinds: registry.kinds)
            .load().get()
        let logger = Logger(label: "test")

        let built = try BuiltConfiguration.build(
            configuration: configuration, registry: registry, environment: [:], stateDirectory: directory.path,
            logger: logger, disablingBrokenChannels: true)
        #expect(built.channels.map(\.name) == ["10-good"])
        #expect(built.channelProblems.map(\.description) == ["\(bad):2:8: \"mood\" cannot be \"bad\""])

        let error = try #require(throws: ConfigurationError.self) {
            try BuiltConfiguration.build(
                configuration: configuration, registry: registry, environment: [:], stateDirectory: directory.path,
                logger: logger)
        }
        #expect(error.diagnostics.map(\.file) == [bad])
    }
}
