import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Synchronization
import Testing

/// A notifier call that ignores cancellation and returns only when the test opens its gate;
/// every start and end goes into one ordered stream of events.
private final class GatedCalls: Sendable {
    let events: AsyncStream<String>
    private let sink: AsyncStream<String>.Continuation
    private let gates = Mutex<[Int: CheckedContinuation<Void, Never>]>([:])
    private let opened = Mutex<Set<Int>>([])

    init() {
        (events, sink) = AsyncStream.makeStream(of: String.self)
    }

    func call(_ number: Int) async -> String {
        sink.yield("start \(number)")
        await withCheckedContinuation { continuation in
            let now = opened.withLock { $0.contains(number) }
            if now { continuation.resume() } else { gates.withLock { $0[number] = continuation } }
        }
        sink.yield("end \(number)")
        return "done \(number)"
    }

    func open(_ number: Int) {
        opened.withLock { _ = $0.insert(number) }
        gates.withLock { $0.removeValue(forKey: number) }?.resume()
    }
}

@Suite struct ChannelCallsTests {
    @Test func aTimedOutCallIsAbandonedButTheChannelsNextCallWaitsForIt() async throws {
        let clock = TestClock()
        let calls = ChannelCalls()
        let gated = GatedCalls()
        var events = gated.events.makeAsyncIterator()
        let sleep: @Sendable (Duration) async throws -> Void = { try await clock.sleep(for: $0) }

        let first = Task {
            await calls.call("a", timeout: .seconds(10), onTimeout: "timed out", sleep: sleep) { await gated.call(1) }
        }
        #expect(await events.next() == "start 1")
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(10))
        #expect(await first.value == "timed out", "the caller gets the timeout and goes on")
        #expect(calls.isBusy("a"), "the abandoned call still runs")

        let second = Task {
            await calls.call("a", timeout: .seconds(10), onTimeout: "timed out", sleep: sleep) { await gated.call(2) }
        }
        let other = Task {
            await calls.call("b", timeout: .seconds(10), onTimeout: "timed out", sleep: sleep) { await gated.call(3) }
        }
        #expect(await events.next() == "start 3", "another channel is not held up")
        gated.open(3)
        #expect(await events.next() == "end 3")
        #expect(await other.value == "done 3")
        gated.open(1)
        #expect(await events.next() == "end 1", "the abandoned call ends before the channel's next one starts")
        #expect(await events.next() == "start 2")
        gated.open(2)
        #expect(await events.next() == "end 2")
        #expect(await second.value == "done 2")
        #expect(!calls.isBusy("a"))
    }

    @Test func aCallThatReturnsInTimeGivesItsResultAndLeavesNothingBehind() async {
        let clock = TestClock()
        let calls = ChannelCalls()
        let result = await calls.call(
            "a", timeout: .seconds(10), onTimeout: "timed out", sleep: { try await clock.sleep(for: $0) }
        ) { "quick" }
        #expect(result == "quick")
        #expect(!calls.isBusy("a"))
        #expect(clock.sleeperCount == 0, "the timeout's timer is cancelled")
    }
}
