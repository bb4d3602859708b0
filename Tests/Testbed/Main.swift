import SSOHealingBuiltIns
import SSOHealingCLI
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if os(Linux)
    import SSOHealingExecutor
#endif

/// The program as the tests run it when they need a pinned wall clock: `sso-self-healing` with
/// the moment `SSO_SELF_HEALING_TEST_NOW` names (ISO 8601) as its clock. Built for the tests
/// only; the installed binary reads no such variable.
@main
struct Testbed {
    static func main() async {
        #if os(Linux)
            GlobalExecutor.unsafeTryInstallPool()
        #endif
        if let pinned = ProcessInfo.processInfo.environment["SSO_SELF_HEALING_TEST_NOW"].flatMap(Timestamp.parse) {
            WallClock.set { pinned }
        }
        ProcessRunner.ignoreBrokenPipeSignal()
        BuiltIns.register()
        await SSOSelfHealingCommand.main()
    }
}
