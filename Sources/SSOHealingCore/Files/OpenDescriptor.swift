#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A file descriptor that is closed when the last reference to it goes: keeps a file's inode
/// from being reused while something remembers its identity.
final class OpenDescriptor: Sendable {
    /// The descriptor.
    let value: Int32

    /// Takes ownership of `value`.
    init(_ value: Int32) {
        self.value = value
    }

    deinit { SystemIO.close(value) }
}
