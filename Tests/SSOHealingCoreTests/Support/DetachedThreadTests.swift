import Foundation
import Synchronization
import Testing

@testable import SSOHealingCore

@Suite struct DetachedThreadTests {
    @Test func theBodyRunsOnAThreadOfItsOwnWithItsName() async throws {
        let caller = pthreadIdentity()
        let (thread, name) = await withCheckedContinuation { continuation in
            do {
                try DetachedThread.start(name: "probe watcher") {
                    continuation.resume(returning: (pthreadIdentity(), ThreadName.current()))
                }
            } catch {
                Issue.record("\(error)")
                continuation.resume(returning: (0, nil))
            }
        }
        #expect(thread != 0 && thread != caller)
        #expect(name == "probe watcher")
    }

    @Test func manyThreadsRunAndEnd() async throws {
        let count = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        do {
                            try DetachedThread.start {
                                count.value.withLock { $0 += 1 }
                                continuation.resume()
                            }
                        } catch {
                            Issue.record("\(error)")
                            continuation.resume()
                        }
                    }
                }
            }
        }
        #expect(count.value.withLock { $0 } == 200)
    }

    @Test func longNamesAreCutOnACharacterBoundary() {
        #expect(ThreadName.truncated("short") == "short")
        let long = String(repeating: "x", count: 100)
        #expect(ThreadName.truncated(long) == String(repeating: "x", count: ThreadName.maximumBytes))
        let accented = String(repeating: "x", count: ThreadName.maximumBytes - 1) + "é"
        #expect(ThreadName.truncated(accented) == String(repeating: "x", count: ThreadName.maximumBytes - 1))
    }

    @Test func aLongNameIsSetCut() async {
        let name = await withCheckedContinuation { continuation in
            do {
                try DetachedThread.start(name: "sso-self-healing HTTP") {
                    continuation.resume(returning: ThreadName.current())
                }
            } catch {
                continuation.resume(returning: nil)
            }
        }
        #expect(name == ThreadName.truncated("sso-self-healing HTTP"))
    }

    @Test func theStartErrorNamesTheReason() {
        #expect(
            "\(DetachedThread.StartError(code: EAGAIN))"
                == "cannot start a thread: \(String(cString: strerror(EAGAIN)))")
    }
}

/// A count threads can add to.
private final class Counter: Sendable {
    let value = Mutex(0)
}

/// The calling thread's `pthread_t` as a number.
private func pthreadIdentity() -> UInt {
    #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
    #else
        UInt(pthread_self())
    #endif
}
