import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The wall clock the commands read: the system's. A program built on this library may set
/// another before it runs the command line (the tests' testbed pins one); nothing in the
/// environment can.
public enum WallClock {
    private static let clock = Mutex<@Sendable () -> Date>({ Date() })

    /// Replaces the wall clock for the rest of the process.
    public static func set(_ now: @escaping @Sendable () -> Date) {
        clock.withLock { $0 = now }
    }

    /// The clock in use.
    public static var current: @Sendable () -> Date { clock.withLock { $0 } }
}
