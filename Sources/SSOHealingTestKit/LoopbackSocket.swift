#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The POSIX socket calls `LoopbackHTTPServer` needs. Every wait also watches the server's wake
/// pipe, whose write end is closed when the server stops, so no thread can stay blocked.
enum LoopbackSocket {
    /// The outcome of waiting for a socket.
    enum Readiness {
        case ready
        case stopped
        case timedOut
        case failed(Int32)
    }

    /// Creates a listening TCP socket on 127.0.0.1:`port` (0 for an ephemeral port) and returns
    /// it with the bound port.
    static func makeListener(port: Int) throws(LoopbackHTTPServerError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw LoopbackHTTPServerError(operation: "bind", code: EINVAL) }
        #if os(Linux)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LoopbackHTTPServerError(operation: "socket", code: errno) }
        var succeeded = false
        defer { if !succeeded { close(fd) } }
        setCloseOnExec(fd)
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr = in_addr(s_addr: in_addr_t(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw LoopbackHTTPServerError(operation: "bind", code: errno) }
        guard listen(fd, 128) == 0 else { throw LoopbackHTTPServerError(operation: "listen", code: errno) }
        // Non-blocking, so an `accept` after a client gave up cannot block the accept loop.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)

        var boundAddress = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &boundAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw LoopbackHTTPServerError(operation: "getsockname", code: errno) }
        succeeded = true
        return (fd, Int(UInt16(bigEndian: boundAddress.sin_port)))
    }

    /// Creates the wake pipe: (read end, write end).
    static func wakePipe() throws(LoopbackHTTPServerError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw LoopbackHTTPServerError(operation: "pipe", code: errno) }
        setCloseOnExec(ends[0])
        setCloseOnExec(ends[1])
        return (ends[0], ends[1])
    }

    /// Prepares an accepted connection: close-on-exec, no SIGPIPE (Darwin), no Nagle delay.
    static func configureConnection(_ fd: Int32) {
        setCloseOnExec(fd)
        var yes: Int32 = 1
        #if canImport(Darwin)
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Waits until `fd` is readable (or `writable`), the server stops, or `timeoutMilliseconds`
    /// pass (-1: no limit).
    static func wait(for fd: Int32, writable: Bool = false, wake: Int32, timeoutMilliseconds: Int32 = -1) -> Readiness {
        var fds = [
            pollfd(fd: fd, events: Int16(writable ? POLLOUT : POLLIN), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let result = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
            if result < 0 {
                if errno == EINTR { continue }
                return .failed(errno)
            }
            if fds[1].revents != 0 { return .stopped }
            if result == 0 { return .timedOut }
            return .ready
        }
    }

    /// Sleeps for `duration`; `false` when the server stopped first.
    static func pause(_ duration: Duration, wake: Int32) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while true {
            let left = clock.now.duration(to: deadline)
            if left <= .zero { return true }
            let (seconds, attoseconds) = left.components
            let milliseconds = min(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1, Int64(Int32.max))
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let result = poll(&fds, 1, Int32(milliseconds))
            if result > 0 { return false }
            if result < 0 && errno != EINTR { return false }
        }
    }

    /// Blocks until the server stops.
    static func waitForStop(wake: Int32) {
        var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while poll(&fds, 1, -1) < 0 && errno == EINTR {}
    }

    /// Writes all of `bytes`; `false` when the peer is gone, writing failed or the server stopped.
    static func sendAll(_ bytes: [UInt8], to fd: Int32, wake: Int32) -> Bool {
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
        #else
            let flags = Int32(MSG_DONTWAIT)
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + offset, buffer.count - offset, flags)
            }
            if sent >= 0 {
                offset += sent
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard case .ready = wait(for: fd, writable: true, wake: wake) else { return false }
            } else if errno != EINTR {
                return false
            }
        }
        return true
    }

    /// Receives what is available into `buffer`: `true` with bytes, `false` at end of stream.
    static func receiveAvailable(
        from fd: Int32, into buffer: inout [UInt8], wake: Int32
    ) throws(LoopbackHTTPParseError) -> Bool {
        while true {
            switch wait(for: fd, wake: wake) {
            case .stopped: throw .stopped
            case .failed(let code): throw .ioFailure(code)
            case .timedOut: continue
            case .ready: break
            }
            let received = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64 * 1024) { chunk in
                let count = recv(fd, chunk.baseAddress, chunk.count, Int32(MSG_DONTWAIT))
                if count > 0 { buffer.append(contentsOf: chunk[..<count]) }
                return count
            }
            if received > 0 { return true }
            if received == 0 { return false }
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { throw .ioFailure(errno) }
        }
    }

    /// Closes after the response: stops sending, reads and drops what the client still sends
    /// (briefly), then closes, so the client sees the response rather than a reset.
    static func closeGracefully(_ fd: Int32, wake: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
        var discarded: [UInt8] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(500)
        while clock.now < deadline {
            switch wait(for: fd, wake: wake, timeoutMilliseconds: 100) {
            case .timedOut: continue
            case .stopped, .failed: break
            case .ready:
                discarded.removeAll(keepingCapacity: true)
                if (try? receiveAvailable(from: fd, into: &discarded, wake: wake)) == true { continue }
            }
            break
        }
        close(fd)
    }

    private static func setCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }
}
