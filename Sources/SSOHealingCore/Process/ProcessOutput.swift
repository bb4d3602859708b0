/// What a finished program left behind: how it ended and what it wrote.
public struct ProcessOutput: Sendable, Equatable {
    /// The exit status; `nil` when a signal ended the program.
    public var exitStatus: Int32?
    /// The signal that ended the program, if one did.
    public var signal: Int32?
    /// What the program wrote to its standard output, up to the runner's cap.
    public var stdout: [UInt8]
    /// What the program wrote to its standard error, up to the runner's cap.
    public var stderr: [UInt8]
    /// Whether the runner stopped the program (its deadline passed or the task was cancelled) and
    /// killed its process group.
    public var timedOut: Bool
    /// Whether the stop was caused by task cancellation rather than the deadline.
    public var cancelled: Bool
    /// The time from start to exit.
    public var duration: Duration

    /// Creates an output.
    public init(
        exitStatus: Int32?, signal: Int32? = nil, stdout: [UInt8] = [], stderr: [UInt8] = [], timedOut: Bool = false,
        cancelled: Bool = false, duration: Duration = .zero
    ) {
        self.exitStatus = exitStatus
        self.signal = signal
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.cancelled = cancelled
        self.duration = duration
    }

    /// Standard output as text (invalid UTF-8 replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// Standard error as text (invalid UTF-8 replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// The first line of standard output, without its line ending.
    public var firstStdoutLine: String { Self.firstLine(of: stdout) }

    /// The first line of standard error, without its line ending.
    public var firstStderrLine: String { Self.firstLine(of: stderr) }

    private static func firstLine(of bytes: [UInt8]) -> String {
        var line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
