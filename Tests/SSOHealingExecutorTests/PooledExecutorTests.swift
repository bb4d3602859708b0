#if os(Linux)
    import Testing

    @testable import SSOHealingExecutor
    import SSOHealingCore

    // One pool for the suite: its threads live as long as the process.
    private let pool = PooledExecutor(workers: 2)

    @Suite struct PooledExecutorTests {
        @Test func tasksPreferringThePoolRunAndFinish() async {
            let total = await withTaskExecutorPreference(pool) {
                await withTaskGroup(of: Int.self) { group in
                    for value in 1...1000 { group.addTask { value } }
                    return await group.reduce(0, +)
                }
            }
            #expect(total == 500_500)
        }

        @Test func sleepsOnThePoolLastAtLeastTheirDuration() async throws {
            let latenesses = try await withTaskExecutorPreference(pool) {
                try await withThrowingTaskGroup(of: Duration.self) { group in
                    let clock = ContinuousClock()
                    let start = clock.now
                    for milliseconds in [60, 20, 40, 0] {
                        group.addTask {
                            let deadline = start + .milliseconds(milliseconds)
                            try await Task.sleep(until: deadline, clock: clock)
                            return deadline.duration(to: clock.now)
                        }
                    }
                    return try await group.reduce(into: [Duration]()) { $0.append($1) }
                }
            }
            #expect(latenesses.count == 4)
            #expect(latenesses.allSatisfy { $0 >= .zero }, "a sleep woke before its deadline")
        }

        @Test func aCancelledLongSleepEndsAtOnce() async {
            let sleeper = Task(executorPreference: pool) { @Sendable in
                try await Task.sleep(for: .seconds(3600))
            }
            sleeper.cancel()
            let result = await sleeper.result
            // Ended by the cancellation: an hour's sleep that ran out would return, not throw.
            #expect(throws: CancellationError.self) { try result.get() }
        }

        @Test func aTimerDueLaterDoesNotHoldBackAnEarlierOne() async throws {
            let first = try await withTaskExecutorPreference(pool) {
                try await withThrowingTaskGroup(of: String.self) { group in
                    group.addTask {
                        try await Task.sleep(for: .seconds(3600))
                        return "hour"
                    }
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(10))
                        return "ten milliseconds"
                    }
                    defer { group.cancelAll() }
                    return try await group.next()
                }
            }
            #expect(first == "ten milliseconds")
        }
    }
#endif
