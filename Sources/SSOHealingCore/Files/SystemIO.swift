#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The C library's `read`, `write` and `close` on file descriptors, callable where a method of
/// the same name hides them, and a write that does not stop halfway.
public enum SystemIO {
    /// `read(2)`: up to `buffer.count` bytes into `buffer`; the count, 0 at end of file, or -1 with `errno` set.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        libcRead(descriptor, buffer.baseAddress, buffer.count)
    }

    /// `write(2)`: some of `count` bytes from `bytes`; the count written, or -1 with `errno` set.
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, count: Int) -> Int {
        libcWrite(descriptor, bytes, count)
    }

    /// `close(2)`: 0, or -1 with `errno` set.
    @discardableResult
    public static func close(_ descriptor: Int32) -> Int32 {
        libcClose(descriptor)
    }

    /// Writes all of `bytes`, retrying partial writes and interruptions; `nil` when done, else
    /// the `errno` of the write that failed.
    @discardableResult
    public static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32) -> Int32? {
        let contiguous = bytes.withContiguousStorageIfAvailable { writeAll($0, to: descriptor) }
        return contiguous ?? Array(bytes).withUnsafeBufferPointer { writeAll($0, to: descriptor) }
    }

    private static func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, count: buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}

// Top-level, where no method named `read`, `write` or `close` hides the C functions.
private func libcRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func libcWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func libcClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
