import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where ``SessionRecord``s live: `STATE/aws-sso/<key>.json` (0600, written atomically), one per
/// token cache file, next to a lock file that keeps two probes (or the daemon and a `check`) from
/// refreshing the same session at once.
struct SessionStateStore: Sendable {
    /// `STATE/aws-sso`.
    let directory: String
    /// The record's name: a hash of the token cache path.
    let key: String

    /// The store for the token cache at `cachePath` under `stateDirectory`.
    init(stateDirectory: String, cachePath: String) {
        directory = PathString.join(stateDirectory, "aws-sso")
        key = SHA1.hex(cachePath)
    }

    /// The record's path.
    var path: String { directory + "/" + key + ".json" }
    /// The lock's path.
    var lockPath: String { directory + "/" + key + ".lock" }
    /// The path of the device authorization started for the session.
    var loginPath: String { directory + "/" + key + ".login.json" }

    /// The device authorization started for the session, if one was and it decodes.
    func loadLogin() -> PendingAuthorization? {
        guard let data = FileManager.default.contents(atPath: loginPath) else { return nil }
        return try? Self.decoder.decode(PendingAuthorization.self, from: data)
    }

    /// Writes the device authorization (0600, atomically).
    func saveLogin(_ login: PendingAuthorization) throws {
        try AtomicFile.makePrivateDirectory(directory)
        try AtomicFile.write(try Self.encoder.encode(login), to: loginPath, mode: 0o600)
    }

    /// The record; an empty one when there is none or it does not decode.
    func load() -> SessionRecord {
        guard let data = FileManager.default.contents(atPath: path),
            let record = try? Self.decoder.decode(SessionRecord.self, from: data)
        else { return SessionRecord() }
        return record
    }

    /// Writes the record.
    func save(_ record: SessionRecord) throws {
        try AtomicFile.makePrivateDirectory(directory)
        try AtomicFile.write(try Self.encoder.encode(record), to: path, mode: 0o600)
    }

    /// Takes the session's lock, waiting up to `timeout`; `nil` when it cannot be had.
    func lock(timeout: Duration) async -> FileLock? {
        do {
            try AtomicFile.makePrivateDirectory(directory)
        } catch {
            return nil
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                if let lock = try FileLock.tryLock(path: lockPath) { return lock }
            } catch {
                return nil
            }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date")
            }
            return date
        }
        return decoder
    }
}
