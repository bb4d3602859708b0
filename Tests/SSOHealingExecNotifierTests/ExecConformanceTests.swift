import Foundation
import SSOHealingCore
import SSOHealingExecNotifier
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

@Test func execConformsAgainstARealScript() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let secret = "exec-secret-1c8f4e2b-95d7-4a3c-b6e0-f1a2b3c4d5e6"
    let inbox = directory.file("inbox")
    let modeFile = directory.file("mode")
    let script = try directory.write(
        "notify.sh",
        """
        #!/bin/sh
        mode=$(cat "\(modeFile)")
        case "$mode" in
          accept) cat > /dev/null; printf '%s: %s\\n' "$SSO_SELF_HEALING_PROBE" "$SSO_SELF_HEALING_SUMMARY" >> "\(inbox)"; exit 0 ;;
          transientFailure) echo "queue full" >&2; exit 75 ;;
          *) echo "rejected: token $API_TOKEN invalid" >&2; exit 1 ;;
        esac
        """, mode: 0o755)
    let toml = "type = \"exec\"\ncommand = [\"\(script)\"]\nenvironment = { API_TOKEN = \"\(secret)\" }\n"
    let harness = NotifierConformance.Harness(
        secrets: [secret],
        makeNotifier: { logger in
            try DropIn.notifier(toml, type: ExecNotifier.type, factory: ExecNotifier.factory, logger: logger)
        },
        setMode: { mode in try directory.write("mode", "\(mode)\n") },
        received: {
            ((try? String(contentsOfFile: inbox, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        })
    let problems = try await NotifierConformance.run(harness)
    #expect(problems.isEmpty, "\(problems)")
}
