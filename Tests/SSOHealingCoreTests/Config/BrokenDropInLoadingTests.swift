import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A drop-in with an error is left out of the configuration `run` and `check` use; anything else
/// wrong still refuses the whole configuration.
@Suite struct BrokenDropInLoadingTests {
    static let kinds: ConfigurationKinds = {
        var kinds = ConfigurationKinds(
            probeKinds: ["command": ConfigSchema(keys: [ConfigKey("command", .strings, required: true)])],
            notifierTypes: [
                "hook": ConfigSchema(keys: [ConfigKey("url", .string, secret: true, required: true)]),
                "console": ConfigSchema(keys: []),
            ])
        kinds.defaultNotifiers = { _ in
            [DefaultNotifier(name: "console", toml: "type = \"console\"\n", reason: "no drop-in")]
        }
        return kinds
    }()

    func load(_ directory: TemporaryDirectory, _ environment: [String: String] = [:]) -> ConfigurationLoadResult {
        ConfigurationLoader(directory: directory.path, environment: environment, kinds: Self.kinds).load()
    }

    @Test func aDropInWithAnErrorIsLeftOutAndItsErrorsAreKept() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config.toml", "[probe.vpn]\ntype = \"command\"\ncommand = [\"true\"]\n")
        try directory.write("notifiers.d/10-ok.toml", "type = \"hook\"\nurl = \"https://example.org/${TOKEN}\"\n")
        let broken = try directory.write("notifiers.d/20-broken.toml", "type = \"hook\"\nurl = \"${MISSING_URL}\"\n")
        let unknown = try directory.write("notifiers.d/30-unknown.toml", "type = \"carrier-pigeon\"\n")
        let result = load(directory, ["TOKEN": "t0ken"])

        #expect(result.configuration == nil, "config check still refuses it")
        #expect(throws: ConfigurationError.self) { try result.get() }
        let configuration = try result.withoutBrokenDropIns()
        #expect(configuration.notifiers.map(\.name) == ["10-ok"])
        #expect(configuration.probes.map(\.name) == ["vpn"])
        #expect(
            configuration.brokenDropIns.map(\.description) == [
                "\(broken):2:7: environment variable \"MISSING_URL\" is not set (used by \"url\"; write ${MISSING_URL:-default} for a fallback)",
                "\(unknown):1:8: unknown notifier type \"carrier-pigeon\" (known: console, hook)",
            ])
    }

    @Test func anErrorInConfigTomlRefusesEverythingWithEveryError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let main = try directory.write("config.toml", "[daemon]\ninterval = 5\n")
        let broken = try directory.write("notifiers.d/20-broken.toml", "type = \"hook\"\n")
        let result = load(directory)
        let error = try #require(throws: ConfigurationError.self) { try result.withoutBrokenDropIns() }
        #expect(error.diagnostics.map(\.file) == [main, broken])
    }

    @Test func aBrokenDropInAloneBringsNoDefaultChannel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("notifiers.d/20-broken.toml", "type = \"hook\"\n")
        let configuration = try load(directory).withoutBrokenDropIns()
        #expect(configuration.notifiers.isEmpty)
        #expect(configuration.brokenDropIns.count == 1)

        let empty = try TemporaryDirectory()
        defer { empty.remove() }
        #expect(try load(empty).get().notifiers.map(\.name) == ["console"])
    }

    @Test func anUnreadableFolderDisablesItsChannelsOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = try directory.write("notifiers.d", "type = \"console\"\n")
        let configuration = try load(directory).withoutBrokenDropIns()
        #expect(configuration.notifiers.isEmpty)
        #expect(configuration.brokenDropIns.map(\.file) == [folder])
    }
}
