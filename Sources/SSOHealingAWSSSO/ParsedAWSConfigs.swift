import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The AWS config files parsed so far in this process, by path, each with the bytes it was parsed
/// from: every session's probe reads the file each cycle, and a file whose bytes have not changed
/// is not parsed again (a config with fifty profiles costs far more to parse than to read).
final class ParsedAWSConfigs: Sendable {
    /// The process's cache.
    static let shared = ParsedAWSConfigs()

    /// How many files are remembered; more are dropped, the oldest first.
    static let capacity = 4

    private struct Entry {
        var data: Data
        var config: AWSConfig
    }

    private let entries = Mutex<[(path: String, entry: Entry)]>([])

    /// The configuration parsed from `data`, read from `path`: the one parsed before when the
    /// bytes are the same, else `parse()`'s (remembered unless it throws).
    func config(
        path: String, data: Data, parse: () throws(AWSConfigError) -> AWSConfig
    ) throws(AWSConfigError) -> AWSConfig {
        let known = entries.withLock { entries in
            entries.first { $0.path == path && $0.entry.data == data }?.entry.config
        }
        if let known { return known }
        let config = try parse()
        entries.withLock { entries in
            entries.removeAll { $0.path == path }
            entries.append((path, Entry(data: data, config: config)))
            if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        }
        return config
    }
}
