import SSOHealingBuiltIns
import SSOHealingCLI
import SSOHealingCore

#if os(Linux)
    import SSOHealingExecutor
#endif

/// The `sso-self-healing` program: the stock command line with the built-in probes and notifiers.
@main
struct Main {
    static func main() async {
        #if os(Linux)
            // Before any task reaches the global executor (see GlobalExecutor).
            GlobalExecutor.unsafeTryInstallPool()
            StartupNotes.register {
                switch await GlobalExecutor.verifyPool() {
                case .pool(let workers):
                    (.info, "tasks run on a pool of \(workers) threads that sleep while idle")
                case .defaultExecutor(let reason):
                    (.notice, "tasks run on the default executor: \(reason)")
                }
            }
        #endif
        ProcessRunner.ignoreBrokenPipeSignal()
        BuiltIns.register()
        await SSOSelfHealingCommand.main()
    }
}
