import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The engine's state on disk: `state.json` in the state directory (0700), written atomically
/// (0600) under an exclusive `flock` on `state.lock`, so the daemon and a timer-driven `check`
/// can share it.
///
/// A file that cannot be read as state is moved aside to `state.json.corrupt-<time>` and
/// reported, never silently overwritten.
public struct StateStore: Sendable {
    /// The state directory.
    public var directory: String
    /// Where problems are reported.
    public var logger: Logger

    /// The state file's name.
    public static let fileName = "state.json"

    /// Creates a store over `directory`.
    public init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// The state file's path.
    public var path: String { PathString.join(directory, Self.fileName) }
    private var lockPath: String { PathString.join(directory, "state.lock") }

    /// Why the state could not be used.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// One line saying what went wrong.
        public var description: String
    }

    /// Reads the state without locking (for `status`): what the last complete write left.
    public func read() throws(Failure) -> EngineState {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw Failure(description: "cannot read \(path)") }
            return EngineState()
        }
        return try decode(data)
    }

    private func decode(_ data: Data) throws(Failure) -> EngineState {
        let state: EngineState
        do {
            state = try AlertEvent.decoder().decode(EngineState.self, from: data)
        } catch {
            throw Failure(description: "\(path) is not a valid state file")
        }
        guard state.version == EngineState.currentVersion else {
            throw Failure(
                description:
                    "\(path) has format version \(state.version); this program reads version \(EngineState.currentVersion)"
            )
        }
        return state
    }

    /// Locks, reads, lets `body` change the state, writes it back if it changed, unlocks.
    public func update<T>(_ body: (inout EngineState) throws -> T) throws -> T {
        try AtomicFile.makePrivateDirectory(directory)
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }
        var state: EngineState
        var original: EngineState?
        if let data = FileManager.default.contents(atPath: path) {
            do {
                state = try decode(data)
                original = state
            } catch {
                let aside = path + ".corrupt-" + Timestamp.string(Date()).replacing(":", with: "")
                if rename(path, aside) == 0 {
                    logger.error(
                        "state file unreadable; moved aside and starting afresh",
                        metadata: ["reason": "\(error.description)", "moved_to": "\(aside)"])
                } else {
                    throw Failure(description: "\(error.description), and it could not be moved aside")
                }
                state = EngineState()
            }
        } else {
            state = EngineState()
        }
        let result = try body(&state)
        if state != original {
            let data: Data
            do {
                data = try AlertEvent.encoder().encode(state)
            } catch {
                throw Failure(description: "cannot encode state: \(error)")
            }
            try AtomicFile.write(data, to: path)
        }
        return result
    }
}
