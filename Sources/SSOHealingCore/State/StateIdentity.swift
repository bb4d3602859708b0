#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// What tells one stored copy of the state from another without reading it: for a file, its
/// device, inode, size and modification time, as `stat` gives them.
///
/// An identity taken from a file that was read or written keeps that file open for as long as
/// it is remembered, so its inode number cannot be reused by a later file: an equal identity
/// then means the very same file, unchanged.
public struct StateIdentity: Sendable, Equatable {
    /// `st_dev`.
    public var device: UInt64
    /// `st_ino` (a revision number for storages without files).
    public var inode: UInt64
    /// `st_size`.
    public var size: Int64
    /// `st_mtim`, in nanoseconds since 1970.
    public var modified: Int64
    let pin: OpenDescriptor?

    /// An identity from its parts.
    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64) {
        self.init(device: device, inode: inode, size: size, modified: modified, pin: nil)
    }

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, pin: OpenDescriptor?) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.pin = pin
    }

    /// The identity of what `info` describes, pinned by `pin` when given.
    init(_ info: stat, pin: OpenDescriptor? = nil) {
        #if canImport(Darwin)
            let time = info.st_mtimespec
        #else
            let time = info.st_mtim
        #endif
        self.init(
            device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(truncatingIfNeeded: info.st_ino),
            size: Int64(info.st_size), modified: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec), pin: pin)
    }

    /// Equal parts; whether either keeps its file open does not matter.
    public static func == (lhs: StateIdentity, rhs: StateIdentity) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size && lhs.modified == rhs.modified
    }
}

/// The identities of both copies of the state; `nil` where a copy is missing.
public struct StateIdentities: Sendable, Equatable {
    /// The current copy's.
    public var current: StateIdentity?
    /// The backup's.
    public var backup: StateIdentity?

    /// Both identities.
    public init(current: StateIdentity?, backup: StateIdentity?) {
        self.current = current
        self.backup = backup
    }
}
