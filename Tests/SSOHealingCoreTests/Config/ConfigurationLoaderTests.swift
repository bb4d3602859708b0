import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// Kinds standing in for real probes and notifiers: the loader knows none itself.
private let kinds = ConfigurationKinds(
    probeKinds: [
        "command": ConfigSchema(keys: [
            ConfigKey("command", .strings, required: true),
            ConfigKey("timeout", .duration, default: .duration(.seconds(20))),
        ])
    ],
    notifierTypes: [
        "hook": ConfigSchema(keys: [
            ConfigKey("url", .string, secret: true, required: true),
            ConfigKey("headers", .stringTable, secret: true),
            ConfigKey("retries", .integer(0...10), default: .integer(3)),
            ConfigKey("chat_id", .stringOrInteger),
        ]),
        "console": ConfigSchema(keys: []),
    ])

private func load(_ directory: TemporaryDirectory, environment: [String: String] = [:]) -> ConfigurationLoadResult {
    ConfigurationLoader(directory: directory.path, environment: environment, kinds: kinds).load()
}

private func messages(_ result: ConfigurationLoadResult) -> [String] {
    result.diagnostics.map(\.description)
}

@Test func anEmptyDirectoryIsAValidConfiguration() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let configuration = try load(directory).get()
    #expect(configuration.probes.isEmpty)
    #expect(configuration.notifiers.isEmpty)
    #expect(configuration.daemon == DaemonSettings())
}

@Test func daemonSettingsAndProbesDecodeWithDefaults() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write(
        "config.toml",
        """
        [daemon]
        interval = "5m"
        heartbeat_url = "${HC_URL}"

        [probe.vpn]
        type = "command"
        command = ["/bin/true", "-x"]
        failure_threshold = 3
        """)
    let configuration = try load(directory, environment: ["HC_URL": "https://hc.example/ping/abc"]).get()
    #expect(configuration.daemon.interval == .seconds(300))
    #expect(configuration.daemon.jitter == .seconds(30))
    #expect(configuration.daemon.heartbeatURL == "https://hc.example/ping/abc")
    let probe = try #require(configuration.probe(named: "vpn"))
    #expect(probe.failureThreshold == 3)
    #expect(probe.successThreshold == 1)
    #expect(probe.section.strings("command") == ["/bin/true", "-x"])
    #expect(probe.section.duration("timeout") == .seconds(20))
}

@Test func everyErrorOfEveryFileIsReportedWithItsPosition() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let main = try directory.write(
        "config.toml",
        """
        [daemon]
        intervall = "10m"
        jitter = 30

        [probe.vpn]
        type = "command"
        command = "/bin/true"
        failure_threshold = 0
        """)
    let slack = try directory.write(
        "notifiers.d/10-slack.toml",
        """
        type = "hook"
        url = "${MISSING_URL}"
        min_severity = "warn"
        """)
    let broken = try directory.write("notifiers.d/20-broken.toml", "type = \"hook\"\nurl = \"x\nretries = 1\n")
    let unknown = try directory.write("notifiers.d/30-unknown.toml", "type = \"slak\"\n")
    let result = load(directory)
    #expect(result.configuration == nil)
    let all = messages(result)
    #expect(
        all.filter { !$0.hasPrefix(broken) } == [
            "\(main):2:1: unknown key \"intervall\" in [daemon]; did you mean \"interval\"?",
            "\(main):3:10: \"jitter\" must be a duration string such as \"10m\", not an integer",
            "\(main):7:11: \"command\" must be an array of strings, not a string",
            "\(main):8:21: \"failure_threshold\" must be between 1 and 100, not 0",
            "\(slack):2:7: environment variable \"MISSING_URL\" is not set (used by \"url\"; write ${MISSING_URL:-default} for a fallback)",
            "\(slack):3:16: \"min_severity\" must be one of \"info\", \"warning\", \"critical\", not \"warn\"; did you mean \"warning\"?",
            "\(unknown):1:8: unknown notifier type \"slak\" (known: console, hook)",
        ])
    let brokenMessages = all.filter { $0.hasPrefix(broken) }
    #expect(brokenMessages.count == 1)
    #expect(brokenMessages.first?.hasPrefix("\(broken):2:") == true)
}

@Test func duplicateNamesNameBothFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let first = try directory.write("notifiers.d/10-ops.toml", "type = \"console\"\n")
    let second = try directory.write("notifiers.d/20-other.toml", "type = \"console\"\nname = \"10-ops\"\n")
    #expect(messages(load(directory)) == ["\(second):2:8: notifier name \"10-ops\" is already used by \(first)"])
}

@Test func dropInsAreReadInLexicalOrderSkippingDisabledAndOtherFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("notifiers.d/20-b.toml", "type = \"console\"\n")
    try directory.write("notifiers.d/10-a.toml", "type = \"console\"\nname = \"pager\"\n")
    try directory.write("notifiers.d/90-off.toml", "type = \"console\"\nenabled = false\nbogus = 1\n")
    try directory.write("notifiers.d/50-x.toml.disabled", "this is not toml")
    try directory.write("notifiers.d/README.md", "# notes")
    let configuration = try load(directory).get()
    #expect(configuration.notifiers.map(\.name) == ["pager", "20-b"])
    #expect(configuration.disabledFiles.count == 1)
}

@Test func routingKeysDecodeAndUnknownProbesAreRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("config.toml", "[probe.prod]\ntype = \"command\"\ncommand = [\"/bin/true\"]\n")
    try directory.write(
        "notifiers.d/10-a.toml",
        """
        type = "console"
        min_severity = "critical"
        send_resolved = false
        repeat_interval = "0"
        probes = ["prod"]
        timeout = "3s"
        """)
    let routing = try #require(try load(directory).get().notifiers.first?.routing)
    #expect(
        routing
            == NotifierRouting(
                minSeverity: .critical, sendResolved: false, repeatInterval: .zero, probes: ["prod"],
                timeout: .seconds(3)))

    let bad = try directory.write("notifiers.d/20-b.toml", "type = \"console\"\nprobes = [\"prd\"]\n")
    #expect(
        messages(load(directory)) == [
            "\(bad):2:10: \"probes\" names unknown probe \"prd\" (known: prod); did you mean \"prod\"?"
        ])
}

@Test func secretsComeFromFilesAndBothFormsAtOnceAreAnError() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("secrets/url", "https://hooks.example/T000/SECRET\nsecond line ignored\n", mode: 0o600)
    try directory.write("notifiers.d/10-a.toml", "type = \"hook\"\nurl_file = \"secrets/url\"\nchat_id = -100123\n")
    let notifier = try #require(try load(directory).get().notifiers.first)
    #expect(notifier.section.string("url") == "https://hooks.example/T000/SECRET")
    #expect(notifier.section.string("chat_id") == "-100123")
    #expect(notifier.section.secretKeys.contains("url"))

    let both = try directory.write(
        "notifiers.d/10-a.toml", "type = \"hook\"\nurl = \"x\"\nurl_file = \"secrets/url\"\n")
    #expect(messages(load(directory)) == ["\(both):3:1: both \"url\" and \"url_file\" are set; keep one"])

    let missing = try directory.write("notifiers.d/10-a.toml", "type = \"hook\"\nurl_file = \"/nonexistent/url\"\n")
    #expect(messages(load(directory)) == ["\(missing):2:12: cannot read \"url_file\" file \"/nonexistent/url\""])
}

@Test func aReadableDropInHoldingASecretDrawsAWarningNamingIt() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try directory.write(
        "notifiers.d/10-a.toml", "type = \"hook\"\nurl = \"https://x/SECRET\"\n", mode: 0o644)
    let result = load(directory)
    #expect(result.configuration != nil)
    #expect(
        result.warnings.map(\.description) == [
            "\(file):1:1: warning: file holds a secret (\"url\") and is readable by group or others (mode 644); chmod 600 it, or use ${VAR} or url_file"
        ])
    try directory.write("notifiers.d/10-a.toml", "type = \"hook\"\nurl = \"${URL}\"\n", mode: 0o644)
    #expect(load(directory, environment: ["URL": "https://x"]).warnings.isEmpty)
}

@Test func showRedactsEverySecret() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write("config.toml", "[daemon]\nheartbeat_url = \"https://hc.example/SECRET-HB\"\n")
    try directory.write(
        "notifiers.d/10-a.toml",
        "type = \"hook\"\nurl = \"${URL}\"\nheaders = { Authorization = \"Bearer SECRET-HEADER\" }\n")
    let configuration = try load(directory, environment: ["URL": "https://x/SECRET-URL"]).get()
    let toml = ConfigurationRenderer.toml(configuration)
    let json = ConfigurationRenderer.json(configuration).serialized(pretty: true)
    for output in [toml, json] {
        #expect(!output.contains("SECRET"))
        #expect(output.contains("<redacted>"))
    }
    #expect(toml.contains("[notifier.10-a]"))
    #expect(toml.contains("interval = \"10m\""))
    #expect(toml.contains("headers = { Authorization = \"<redacted>\" }"))
}

@Test func aBrokenFileDoesNotHideTheChecksOfTheFilesAfterIt() throws {
    let strict = ConfigurationKinds(notifierTypes: [
        "strict": ConfigSchema(
            keys: [ConfigKey("count", .integer(0...100))],
            validate: { section in
                section.integer("count") == 13 ? [section.error("\"count\" must not be 13", key: "count")] : []
            })
    ])
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let first = try directory.write("notifiers.d/10-a.toml", "type = \"strict\"\ncount = \"x\"\n")
    let second = try directory.write("notifiers.d/20-b.toml", "type = \"strict\"\ncount = 13\n")
    let result = ConfigurationLoader(directory: directory.path, environment: [:], kinds: strict).load()
    #expect(
        result.errors.map(\.description) == [
            "\(first):2:9: \"count\" must be an integer, not a string",
            "\(second):2:9: \"count\" must not be 13",
        ])
}
