import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct DemoCommandTests {
    @Test func theDemoShowsTheSessionExpireAndRecoverOnTheConsoleAndCleansUp() async throws {
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
        // Paced by what the daemon has done, not by the clock: the session ends once it was seen
        // healthy, the login comes once the expiry alert was delivered, and the demo stops once
        // the episode is resolved (the duration only bounds a run that never gets there). A
        // headless machine, so the remedy is this program's own login.
        let environment = ProcessInfo.processInfo.environment.filter {
            !["DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"].contains($0.key)
        }
        let output = try await ProcessRunner.run(
            [BuiltExecutable.path("sso-self-healing-demo"), "demo", "--paced-by-events", "--duration", "5m"],
            environment: environment, timeout: .seconds(600))
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let console = output.stderrText
        #expect(console.contains("CRITICAL demo-sso: expired (was ok)"), "\(console)")
        #expect(console.contains("remedy: sso-self-healing login --sso-session demo-sso"), "\(console)")
        #expect(console.contains("(profiles demo, demo-admin)"), "one alert names both profiles")
        #expect(console.contains("INFO demo-sso: resolved (was expired)"))
        #expect(console.contains("WARNING vpn: degraded (was ok)"))
        #expect(output.stdoutText.contains("status after the demo:"))
        #expect(output.stdoutText.contains("demo-sso (aws-sso): OK"))
        let after = try Set(FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
        #expect(after.subtracting(before).filter { $0.hasPrefix("sso-self-healing-demo.") }.isEmpty)
    }
}
