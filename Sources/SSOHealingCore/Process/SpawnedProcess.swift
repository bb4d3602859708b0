#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A started program: its id, which is also its process group's, and our ends of its standard streams.
struct SpawnedProcess: Sendable {
    /// The child's process id and process group id.
    var pid: pid_t
    /// Writes to the child's standard input.
    var stdin: Int32
    /// Reads the child's standard output.
    var stdout: Int32
    /// Reads the child's standard error.
    var stderr: Int32
}
