import Foundation
import Logging
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingNotifySendNotifier
import SSOHealingTestKit
import Testing

/// Builds a notify-send channel from drop-in text through the real loader.
func notifySend(_ toml: String) throws -> any Notifier {
    try DropIn.notifier(
        toml, type: NotifySendNotifier.type, factory: NotifySendNotifier.factory,
        logger: Logger(label: "test.notify-send"), environment: testEnvironment)
}

/// An event of `state` whose summary starts with `marker`.
func event(_ state: HealthState, _ marker: String, remedy: String? = "aws sso login --profile prod") -> AlertEvent {
    AlertEvent(
        fingerprint: "aws-sso:prod", episode: 4, probe: "prod", kind: "aws-sso",
        previous: state == .ok ? .expired : .ok,
        state: state, summary: "\(marker): session <b>\"prod\"</b> & more ü", remedy: remedy,
        at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3")
}

/// The tests that start a desktop session run one at a time: `xvfb-run -a` picks a free display
/// by looking, which two at once could both pick.
@Suite(.serialized) struct NotifySendDesktopTests {
    @Test func eachSeverityReachesDunstWithItsUrgencyAppNameAndExpiry() async throws {
        let session = try DesktopSession()
        try await session.start()
        let bus = await session.busAddress
        let timed = try notifySend(
            """
            type = "notify-send"
            expire = "5s"
            environment = { DBUS_SESSION_BUS_ADDRESS = "\(bus)" }
            """)
        let named = try notifySend(
            """
            type = "notify-send"
            app_name = "sso-prod-watch"
            environment = { DBUS_SESSION_BUS_ADDRESS = "\(bus)" }
            """)
        let events = [event(.expired, "crit"), event(.degraded, "warn"), event(.ok, "info", remedy: nil)]
        var results: [DeliveryResult] = []
        for event in events { results.append(await timed.deliver(event)) }
        results.append(await named.deliver(event(.expired, "named")))
        let shown = try await session.history()
        await session.stop()

        #expect(results == Array(repeating: .delivered, count: 4))
        try #require(shown.count == 4, "\(shown)")
        #expect(shown.map(\.urgency) == ["critical", "normal", "low", "critical"])
        #expect(shown.map(\.appName) == ["sso-self-healing", "sso-self-healing", "sso-self-healing", "sso-prod-watch"])
        #expect(shown.map(\.summary) == ["prod: expired", "prod: degraded", "prod: resolved", "prod: expired"])
        #expect(
            shown[0].body == "crit: session &lt;b&gt;\"prod\"&lt;/b&gt; &amp; more ü\nRun: aws sso login --profile prod"
        )
        #expect(shown[2].body == "info: session &lt;b&gt;\"prod\"&lt;/b&gt; &amp; more ü")
        #expect(shown[0...2].allSatisfy { $0.timeout == 5_000_000 }, "expire = 5s is -t 5000")
        #expect(shown[3].timeout == 0, "without expire the server decides")
    }

    @Test func notifySendConformsAgainstDunst() async throws {
        let session = try DesktopSession()
        try await session.start()
        let toml = """
            type = "notify-send"
            environment = { DBUS_SESSION_BUS_ADDRESS = "\(await session.linkedBusAddress)" }
            """
        let harness = NotifierConformance.Harness(
            secrets: [], modes: [.accept, .permanentFailure],
            makeNotifier: { logger in
                try DropIn.notifier(
                    toml, type: NotifySendNotifier.type, factory: NotifySendNotifier.factory, logger: logger,
                    environment: testEnvironment)
            },
            setMode: { mode in try await session.setBusReachable(mode == .accept) },
            received: { try await session.history().map { "\($0.summary)\n\($0.body)" } })
        let problems: [String]
        do {
            problems = try await NotifierConformance.run(harness)
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
        #expect(problems.isEmpty, "\(problems)")
    }
}

@Suite struct NotifySendNotifierTests {
    @Test func withoutASessionBusTheDeliveryFailsAndIsNotRetried() async throws {
        try requirePrograms([("notify-send", "libnotify-bin")])
        let channel = try notifySend(
            """
            type = "notify-send"
            environment = { DBUS_SESSION_BUS_ADDRESS = "unix:path=/nonexistent/bus", DISPLAY = "" }
            """)
        let result = await channel.deliver(event(.expired, "nobus"))
        guard case .failed(let reason) = result else {
            Issue.record("no bus gave \(result.description)")
            return
        }
        #expect(reason.hasPrefix("notify-send exited with status 1"), "\(reason)")
    }

    @Test func aMissingProgramFailsWithAnInstallHint() async throws {
        let channel = try notifySend("type = \"notify-send\"\ncommand = \"/nonexistent/notify-send\"\n")
        #expect(
            await channel.deliver(event(.expired, "x"))
                == .failed(
                    reason:
                        "program /nonexistent/notify-send not found (install libnotify-bin (Debian, Ubuntu) or libnotify (Fedora, Arch), or fix \"command\")"
                ))
    }

    @Test func aMissingProgramIsAWarningWhenTheConfigurationIsLoaded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "notifiers.d/40-desk.toml",
            "type = \"notify-send\"\ncommand = \"no-such-notify-send-xyz\"\nenvironment = { XDG_RUNTIME_DIR = \"/run/user/1000\" }\n"
        )
        let kinds = ConfigurationKinds(notifierTypes: [NotifySendNotifier.type.rawValue: NotifySendNotifier.schema])
        let result = ConfigurationLoader(directory: directory.path, environment: testEnvironment, kinds: kinds).load()
        #expect(result.configuration != nil)
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.location == SourceLocation(line: 2, column: 11))
        #expect(
            result.diagnostics.first?.message.hasPrefix(
                "program \"no-such-notify-send-xyz\" not found on PATH (install libnotify-bin") == true)
    }

    @Test func severitiesMapToUrgencies() {
        #expect(NotifySendNotifier.urgency(for: .info) == "low")
        #expect(NotifySendNotifier.urgency(for: .warning) == "normal")
        #expect(NotifySendNotifier.urgency(for: .critical) == "critical")
    }

    @Test func theArgumentsNameAppUrgencyExpiryAndEndOptionsBeforeTheText() {
        var dashed = event(.degraded, "-x")
        dashed.probe = "-rf"
        #expect(
            NotifySendNotifier.notifySendArguments(for: dashed, appName: "app", expire: .milliseconds(2500)) == [
                "-a", "app", "-u", "normal", "-t", "2500", "--", "-rf: degraded",
                "-x: session &lt;b&gt;\"prod\"&lt;/b&gt; &amp; more ü\nRun: aws sso login --profile prod",
            ])
        #expect(!NotifySendNotifier.notifySendArguments(for: dashed, appName: "app", expire: nil).contains("-t"))
    }

    @Test func titlesSayWhatHappened() {
        var reminder = event(.expired, "r")
        reminder.reminder = 2
        var test = event(.degraded, "t")
        test.test = true
        #expect(NotifySendNotifier.title(for: reminder) == "prod: still expired (reminder 2)")
        #expect(NotifySendNotifier.title(for: test) == "[test] prod: degraded")
        #expect(NotifySendNotifier.title(for: event(.ok, "o")) == "prod: resolved")
        var long = event(.expired, String(repeating: "y", count: 3000))
        long.remedy = nil
        #expect(NotifySendNotifier.body(for: long).count == NotifySendNotifier.maxBodyLength)
    }

    @Test func appleScriptStringsEscapeBackslashQuoteAndLineBreaks() {
        #expect(NotifySendNotifier.appleScriptString("plain ü ✓") == "\"plain ü ✓\"")
        #expect(NotifySendNotifier.appleScriptString(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(NotifySendNotifier.appleScriptString("a\nb\rc\td\u{7}e") == #""a\nb\rc\td e""#)
        #expect(NotifySendNotifier.appleScriptString(#"\""#) == #""\\\"""#)
        #expect(NotifySendNotifier.appleScriptString("") == "\"\"")
    }

    @Test func theAppleScriptShowsBodyTitleAndAppName() {
        let script = NotifySendNotifier.appleScript(for: event(.expired, "mac"), appName: "sso \"self\" healing")
        #expect(
            script
                == #"display notification "mac: session <b>\"prod\"</b> & more ü\nRun: aws sso login --profile prod" with title "prod: expired" subtitle "sso \"self\" healing""#
        )
    }

    @Test func invalidKeysAreErrorsAtTheirPlace() throws {
        for (keys, expected) in [
            ("command = \"\"", "\"command\" must not be empty"),
            ("app_name = \"\"", "\"app_name\" must not be empty"),
            ("expire = \"0s\"", "\"expire\" must be longer than zero"),
            ("environment = { \"A=B\" = \"x\" }", "\"A=B\" is not a valid environment variable name"),
        ] {
            let error = try #require(throws: DropIn.LoadError.self, "\(keys)") {
                try DropIn.configuration(
                    "type = \"notify-send\"\n\(keys)\n", type: NotifySendNotifier.type,
                    factory: NotifySendNotifier.factory)
            }
            #expect(error.description.contains("10-test.toml:2:"), "\(error.description)")
            #expect(error.description.contains(expected), "\(error.description)")
        }
        #expect(NotifySendNotifier.schema.key("app_name")?.defaultValue == .string("sso-self-healing"))
    }
}
