import Glibc
import SSOHealingCore
import Testing

// Serialized: the tests signal the whole test process.
@Suite(.serialized) struct ProcessSignalsTests {
    @Test func eachSignalSentToTheProcessArrivesOnItsStream() async throws {
        let stream = try ProcessSignals.stream([SIGUSR2])
        var iterator = stream.makeAsyncIterator()
        // One at a time: the kernel merges a signal sent while the same one is still pending.
        for _ in 0..<3 {
            kill(getpid(), SIGUSR2)
            let received = await iterator.next()
            #expect(received == SIGUSR2)
        }
    }

    @Test func streamsGetOnlyTheSignalsTheyAskedFor() async throws {
        let first = try ProcessSignals.stream([SIGUSR1])
        let second = try ProcessSignals.stream([SIGUSR2])
        var firstIterator = first.makeAsyncIterator()
        var secondIterator = second.makeAsyncIterator()
        kill(getpid(), SIGUSR2)
        let onSecond = await secondIterator.next()
        kill(getpid(), SIGUSR1)
        let onFirst = await firstIterator.next()
        #expect(onFirst == SIGUSR1)
        #expect(onSecond == SIGUSR2)
    }
}
