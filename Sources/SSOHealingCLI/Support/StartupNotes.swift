import Logging
import Synchronization

/// Checks the program registers before the command line runs (which executor runs its tasks,
/// say), for the daemon to run and log once its logger is set up. They run from the command's
/// own task, not from `main`, whose await would resume on the main executor (and on Linux that
/// brings up a Dispatch thread an idle daemon otherwise never has).
public enum StartupNotes {
    /// One check: a level and a sentence.
    public typealias Check = @Sendable () async -> (Logger.Level, String)

    private static let checks = Mutex<[Check]>([])

    /// Registers a check for the daemon's start.
    public static func register(_ check: @escaping Check) {
        checks.withLock { $0.append(check) }
    }

    /// Runs the registered checks and logs what they say.
    static func log(to logger: Logger) async {
        for check in checks.withLock({ $0 }) {
            let (level, message) = await check()
            logger.log(level: level, "\(message)")
        }
    }
}
