import SSOHealingCore
import SSOHealingTestKit
import Testing

@testable import SSOHealingExecutor

@Test func itemsComeOutEarliestFirstAndTiesInArrivalOrder() {
    var queue = TimerQueue<String>()
    let deadlines: [(String, UInt64)] = [("c", 30), ("a", 10), ("b1", 20), ("d", 40), ("b2", 20), ("b3", 20)]
    for (name, deadline) in deadlines { queue.insert(name, deadline: deadline) }
    var order: [String] = []
    while let item = queue.popDue(now: .max) { order.append(item) }
    #expect(order == ["a", "b1", "b2", "b3", "c", "d"])
    #expect(queue.isEmpty)
}

@Test func onlyDueItemsComeOut() {
    var queue = TimerQueue<Int>()
    queue.insert(1, deadline: 100)
    queue.insert(2, deadline: 200)
    #expect(queue.popDue(now: 99) == nil)
    #expect(queue.nextDeadline == 100)
    #expect(queue.popDue(now: 150) == 1)
    #expect(queue.popDue(now: 150) == nil)
    #expect(queue.nextDeadline == 200)
    #expect(queue.count == 1)
}

@Test func insertTellsWhetherTheWaitGotShorter() {
    var queue = TimerQueue<Int>()
    let first = queue.insert(1, deadline: 500)
    let later = queue.insert(2, deadline: 900)
    let tie = queue.insert(3, deadline: 500)  // a tie does not move the earliest deadline
    let earlier = queue.insert(4, deadline: 100)
    #expect(first && !later && !tie && earlier)
}

@Test func aThousandRandomDeadlinesComeOutSorted() {
    // Seeded, so a failure replays: the seed is in every failure's message, and
    // TIMER_QUEUE_SEED=N runs with another.
    let seed = TestSeed.value("TIMER_QUEUE_SEED", default: 0x7153_0005)
    var generator = SeededRandom(seed: seed)
    var queue = TimerQueue<UInt64>()
    var deadlines: [UInt64] = []
    for _ in 0..<1000 {
        let deadline = UInt64(generator.below(10_000))
        deadlines.append(deadline)
        queue.insert(deadline, deadline: deadline)
        // Interleave removals with insertions, as a live executor does.
        if deadlines.count % 7 == 0, let popped = queue.popDue(now: 5_000) {
            deadlines.remove(at: deadlines.firstIndex(of: popped)!)
            #expect(popped <= 5_000, "\(TestSeed.replay("TIMER_QUEUE_SEED", seed))")
        }
    }
    var drained: [UInt64] = []
    while let item = queue.popDue(now: .max) { drained.append(item) }
    #expect(drained == deadlines.sorted(), "\(TestSeed.replay("TIMER_QUEUE_SEED", seed))")
}
