#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Our end of one of a program's output pipes, and what came through it, up to a limit.
///
/// Bytes beyond the limit are read and dropped, so the program never blocks on a full pipe.
struct OutputCollector {
    /// The pipe end; -1 once closed.
    private(set) var descriptor: Int32
    /// What was kept.
    private(set) var bytes: [UInt8] = []
    private let limit: Int

    /// Collects from `descriptor`, keeping at most `limit` bytes.
    init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// Whether the pipe is still open.
    var isOpen: Bool { descriptor >= 0 }

    /// Reads once (after `poll` said the pipe is ready); closes the pipe at end of file or on error.
    mutating func readAvailable(using buffer: inout [UInt8]) {
        guard isOpen else { return }
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            let kept = min(count, limit - bytes.count)
            if kept > 0 { bytes.append(contentsOf: buffer[0..<kept]) }
        } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            close()
        }
    }

    /// Closes the pipe.
    mutating func close() {
        guard isOpen else { return }
        SystemIO.close(descriptor)
        descriptor = -1
    }
}
