import SSOHealingCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// systemd's notification protocol (`sd_notify(3)`), spoken over a plain datagram socket:
/// `READY=1`, `STATUS=…`, `WATCHDOG=1`, `STOPPING=1`, each one datagram to the `AF_UNIX`
/// address in `NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace).
///
/// A send that fails is ignored, as `sd_notify` callers do: the service manager may not be
/// listening, and nothing the daemon does depends on it.
///
/// ```swift
/// if let systemd = SystemdNotify(environment: environment) {
///     systemd.send("READY=1")
/// }
/// ```
final class SystemdNotify: Sendable {
    /// The socket's address, as `sendto` takes it.
    private let address: [UInt8]
    private let descriptor: Int32
    /// Half the watchdog timeout, when the service manager asked for pings: the cadence
    /// `sd_watchdog_enabled(3)` recommends.
    let watchdogInterval: Duration?

    /// The notifier for `NOTIFY_SOCKET` in `environment`, or nil when it is unset, empty, or not
    /// an address this can use.
    init?(environment: [String: String], pid: Int32 = getpid()) {
        guard let path = environment["NOTIFY_SOCKET"], let address = Self.address(for: path) else { return nil }
        #if canImport(Glibc)
            let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        self.address = address
        self.descriptor = descriptor
        self.watchdogInterval = Self.watchdogInterval(environment: environment, pid: pid)
    }

    deinit { close(descriptor) }

    /// Sends `state` (one or more `NAME=value` lines) as one datagram; whether it went out.
    @discardableResult
    func send(_ state: String) -> Bool {
        let bytes = Array(state.utf8)
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        let sent = address.withUnsafeBytes { raw in
            bytes.withUnsafeBytes { payload in
                sendto(
                    descriptor, payload.baseAddress, payload.count, flags,
                    raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
        }
        return sent == bytes.count
    }

    /// `sockaddr_un` bytes for `path`: a file system path (absolute), or `@name` for the
    /// abstract namespace (the `@` becomes a NUL byte and the length excludes any terminator);
    /// nil when it is empty, relative, or too long.
    static func address(for path: String) -> [UInt8]? {
        var name = Array(path.utf8)
        guard let first = name.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@") else { return nil }
        let abstract = first == UInt8(ascii: "@")
        if abstract { name[0] = 0 } else { name.append(0) }
        var storage = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard name.count <= capacity, !(abstract && name.count < 2) else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        #if canImport(Darwin)
            storage.sun_len = UInt8(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count)
        #endif
        withUnsafeMutableBytes(of: &storage.sun_path) { buffer in
            for (index, byte) in name.enumerated() { buffer[index] = byte }
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count
        return withUnsafeBytes(of: &storage) { Array($0.prefix(length)) }
    }

    /// Half of `WATCHDOG_USEC`, when it is set and `WATCHDOG_PID` (if set) names this process.
    static func watchdogInterval(environment: [String: String], pid: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let owner = environment["WATCHDOG_PID"], !owner.isEmpty, Int32(owner) != pid { return nil }
        return .microseconds(Int64(clamping: microseconds / 2))
    }
}
