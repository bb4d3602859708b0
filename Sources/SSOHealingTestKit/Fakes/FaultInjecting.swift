/// A fake service whose answers a test can fail on purpose, through one ``FaultSchedule``.
///
/// A fake provides ``withFaults(_:)``; ``failNext(_:times:)``, ``failAlways(_:)`` and
/// ``acceptAll()`` come with the protocol.
public protocol FaultInjecting: AnyObject, Sendable {
    /// What a failed answer is (a status and a body, a dropped connection, …).
    associatedtype Failure: Sendable

    /// Runs `body` on the fake's schedule, under the fake's lock.
    func withFaults(_ body: (inout FaultSchedule<Failure>) -> Void)
}

extension FaultInjecting {
    /// Fails the next `times` requests with `failure`, then goes back to answering normally.
    public func failNext(_ failure: Failure, times: Int = 1) {
        withFaults { $0.failNext(failure, times: times) }
    }

    /// Fails every request with `failure` until ``acceptAll()``.
    public func failAlways(_ failure: Failure) {
        withFaults { $0.failAlways(failure) }
    }

    /// Answers normally from now on.
    public func acceptAll() {
        withFaults { $0.acceptAll() }
    }
}
