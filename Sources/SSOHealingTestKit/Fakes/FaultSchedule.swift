/// Which failure a fake answers the next request with: a queue of one-off failures first, then a
/// standing one, else none (answer normally).
public struct FaultSchedule<Failure: Sendable>: Sendable {
    private var queued: [Failure] = []
    private var always: Failure?

    /// A schedule that fails nothing.
    public init() {}

    /// Fails the next `times` requests with `failure`.
    public mutating func failNext(_ failure: Failure, times: Int) {
        queued += Array(repeating: failure, count: times)
    }

    /// Fails every request with `failure` until ``acceptAll()``.
    public mutating func failAlways(_ failure: Failure) {
        always = failure
    }

    /// Answers normally from now on.
    public mutating func acceptAll() {
        queued = []
        always = nil
    }

    /// The failure for the request at hand, if any (consuming a queued one).
    public mutating func next() -> Failure? {
        queued.isEmpty ? always : queued.removeFirst()
    }
}
