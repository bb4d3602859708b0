#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to 127.0.0.1, for sending the server bytes no HTTP client would send.
final class RawHTTPConnection {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port`, or returns the `errno` of the failure.
    static func connect(port: Int) -> Result<RawHTTPConnection, RawSocketError> {
        #if os(Linux)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return .failure(RawSocketError(code: errno)) }
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr = in_addr(s_addr: in_addr_t(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            return .failure(RawSocketError(code: code))
        }
        #if canImport(Darwin)
            var yes: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return .success(RawHTTPConnection(fd: fd))
    }

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Sends `text` as UTF-8.
    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Sends `bytes`.
    func send(_ bytes: [UInt8]) {
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { systemSend(fd, $0.baseAddress! + offset, $0.count - offset, flags) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Reads until the server closes the connection or `timeoutMilliseconds` pass without data.
    func readUntilClose(timeoutMilliseconds: Int32 = 3000) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, timeoutMilliseconds) > 0 else {
                return (String(decoding: received, as: UTF8.self), false)
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return (String(decoding: received, as: UTF8.self), true) }
            received += chunk[..<count]
        }
    }

    /// Reads until the received text contains `marker` (or the connection closes or times out).
    func read(until marker: String, timeoutMilliseconds: Int32 = 3000) -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, timeoutMilliseconds) > 0 else { break }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// A failed socket call's `errno`.
struct RawSocketError: Error, Equatable {
    var code: Int32
}

// At file scope, where the class's own `connect` and `send` do not hide the system's.
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(fd, bytes, count, flags)
}
