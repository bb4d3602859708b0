import Foundation
import Logging
import SSOHealingAppriseNotifier
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

/// The real `apprise` (from PyPI) posting to loopback receivers.
@Suite struct AppriseNotifierTests {
    @Test func jsonAndFormReceiversGetTheTitleBodyAndTypeMappedFromTheEvent() async throws {
        try requireApprise()
        let receiver = try AppriseReceiver()
        let secret = "form-s3cr3t-\(UUID().uuidString)"
        let channel = try appriseChannel(
            appriseDropIn([
                receiver.url(scheme: "json", password: secret, path: "json-hook"),
                receiver.url(scheme: "form", password: secret, path: "form-hook"),
            ]))
        let link = LoginLink(
            url: "https://device.sso.example/?user_code=WXYZ-1234", userCode: "WXYZ-1234",
            expiresAt: Date(timeIntervalSince1970: 1_795_792_445))
        let events = [
            appriseEvent(.expired, "crit", details: link.details), appriseEvent(.degraded, "warn", reminder: 2),
            appriseEvent(.ok, "fixed", details: link.details),
        ]
        for event in events { #expect(await channel.deliver(event) == .delivered) }

        let json = receiver.requests.filter { $0.path == "/json-hook" }
        let form = receiver.requests.filter { $0.path == "/form-hook" }
        try #require(json.count == 3 && form.count == 3, "\(receiver.requests)")
        let payloads = try json.map { try $0.decodeJSON(AppriseJSONPayload.self) }
        #expect(payloads.map(\.type) == ["failure", "warning", "success"])
        #expect(
            payloads.map(\.title) == [
                "prod: expired on build-mac-3", "prod: still degraded (reminder 2) on build-mac-3",
                "prod: resolved on build-mac-3",
            ])
        #expect(
            payloads[0].message == """
                crit: SSO session for profile prod expired
                To fix it, run: aws sso login --profile prod
                Or approve the login started for this machine (code WXYZ-1234, valid until 2026-11-27T15:14:05Z): https://device.sso.example/?user_code=WXYZ-1234
                sso-self-healing on build-mac-3, 2026-11-27T15:04:05Z
                """)
        #expect(!payloads[2].message.contains("WXYZ-1234"), "a resolution carries no login link")
        let formFields = form.map { Dictionary($0.formItems.map { ($0.name, $0.value) }) { first, _ in first } }
        #expect(formFields.map { $0["type"] } == ["failure", "warning", "success"])
        #expect(formFields.map { $0["title"] } == payloads.map(\.title))
        #expect(formFields.map { $0["message"] } == payloads.map(\.message))
        for request in json + form {
            #expect(!request.bodyText.contains(secret))
        }
    }

    @Test func aLoginRequestsEventsSayWhatBecameOfTheLoginNotThatTheTargetIsResolved() async throws {
        try requireApprise()
        let receiver = try AppriseReceiver()
        let channel = try appriseChannel(
            appriseDropIn([receiver.url(scheme: "json", password: "pw", path: "json-hook")]))
        for phase in LoginPhase.allCases {
            let event = AlertEvent.loginRequest(
                phase, number: 1, probe: "prod", targetState: .expired, summary: "the login for prod",
                at: Date(timeIntervalSince1970: 1_795_791_845), host: "build-mac-3")
            #expect(await channel.deliver(event) == .delivered)
        }
        let payloads = try receiver.requests.map { try $0.decodeJSON(AppriseJSONPayload.self) }
        #expect(payloads.map(\.type) == ["info", "success", "warning", "warning"])
        #expect(
            payloads.map(\.title) == [
                "prod: login requested on build-mac-3", "prod: login approved on build-mac-3",
                "prod: login denied on build-mac-3", "prod: login expired on build-mac-3",
            ])
    }

    @Test func theURLsNeverReachApprisesCommandLineOrEnvironmentOnlyAPrivateFileThatIsRemoved() async throws {
        try requireApprise()
        let receiver = try AppriseReceiver()
        let directory = try TemporaryDirectory(prefix: "sso-self-healing-apprise-test")
        defer { directory.remove() }
        let secret = "argv-s3cr3t-\(UUID().uuidString)"
        let apprise = try ProcessRunner.executablePath(for: "apprise", environment: testEnvironment)
        // Records what `ps` and /proc would show, and the URL file's modes, then runs the real apprise.
        let wrapper = try directory.write(
            "apprise-wrapper",
            """
            #!/bin/bash
            record=\(directory.path)
            printf '%s\\n' "$@" > "$record/argv"
            env > "$record/environment"
            config="${@: -1}"
            printf '%s\\n' "$config" > "$record/config-path"
            stat -c '%a' "$config" > "$record/file-mode"
            stat -c '%a' "$(dirname "$config")" > "$record/folder-mode"
            exec \(apprise) "$@"
            """, mode: 0o755)
        let channel = try appriseChannel(
            appriseDropIn(
                [receiver.url(password: secret, path: "hook/\(secret)")], extra: "command = \"\(wrapper)\""))

        #expect(await channel.deliver(appriseEvent(.expired, "argv")) == .delivered)

        try #require(receiver.requests.count == 1)
        #expect(receiver.requests[0].path == "/hook/\(secret)", "apprise read the URL from the file")
        let argv = try String(contentsOfFile: directory.file("argv"), encoding: .utf8)
        #expect(!argv.contains(secret), "\(argv)")
        #expect(argv.contains("--config"))
        let environment = try String(contentsOfFile: directory.file("environment"), encoding: .utf8)
        #expect(!environment.contains(secret))
        let modes = try ["file-mode", "folder-mode"].map {
            try String(contentsOfFile: directory.file($0), encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        #expect(modes == ["600", "700"])
        let configPath = try String(contentsOfFile: directory.file("config-path"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!FileManager.default.fileExists(atPath: configPath))
        #expect(!FileManager.default.fileExists(atPath: (configPath as NSString).deletingLastPathComponent))
    }

    @Test func aRefusedNotificationIsRetriedWithApprisesWarningAndNoSecretInTheReason() async throws {
        try requireApprise()
        let receiver = try AppriseReceiver()
        receiver.answer(500)
        let secret = "retry-s3cr3t-\(UUID().uuidString)"
        let channel = try appriseChannel(appriseDropIn([receiver.url(password: secret, path: "hook/\(secret)")]))

        let result = await channel.deliver(appriseEvent(.expired, "refused"))

        guard case .retry(_, let reason) = result else {
            Issue.record("expected a retry, got \(result)")
            return
        }
        #expect(reason.hasPrefix("apprise exited with status 1 (temporary failure)"), "\(reason)")
        #expect(reason.contains("error=500"), "the reason quotes apprise's warning: \(reason)")
        #expect(!reason.contains(secret))
    }

    @Test func aURLApprisePassesOverFailsForGoodWithoutQuotingIt() async throws {
        try requireApprise()
        let receiver = try AppriseReceiver()
        let secret = "tagged-s3cr3t-\(UUID().uuidString)"
        // A tagged URL is never notified without --tag: apprise exits 3, nothing to retry.
        let url = "ops=" + receiver.url(password: secret, path: "hook")
        let channel = AppriseNotifier(urls: [url], timeout: .seconds(180), environment: testEnvironment)

        let result = await channel.deliver(appriseEvent(.expired, "tagged"))

        guard case .failed(let reason) = result else {
            Issue.record("expected failed, got \(result)")
            return
        }
        #expect(reason.hasPrefix("apprise exited with status 3"), "\(reason)")
        #expect(!reason.contains(secret))
        #expect(receiver.requests.isEmpty)
    }
}
