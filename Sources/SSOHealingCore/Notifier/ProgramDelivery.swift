/// Delivers an event by running a program, as the `exec`, `sendmail` and `notify-send` notifiers
/// do, and turns how it ended into a ``DeliveryResult``.
///
/// Exit 0 is delivered. With ``Policy/retrying``, exit 75 (`EX_TEMPFAIL`), running past the
/// timeout (the process group is killed) and a system short of processes are retried; with
/// ``Policy/mail``, so is a failure that quotes a 4xx SMTP reply; with ``Policy/local``,
/// nothing is. Any other end fails, quoting the first line of standard error
/// through ``ErrorExcerpt``.
///
/// ```swift
/// let result = await ProgramDelivery.run(
///     ["msmtp", "-t"], input: message, inputName: "the message", environment: environment,
///     timeout: .seconds(10), secrets: configuredValues, policy: .retrying)
/// ```
public enum ProgramDelivery {
    /// Which ends of a program mean "try again later".
    public struct Policy: Sendable, Hashable {
        /// Exit statuses that mean a passing failure.
        public var retryableStatuses: Set<Int32>
        /// Whether a timeout, or a failure to start for want of resources, is worth a retry.
        public var retriesTimeouts: Bool
        /// Whether a failure whose error output quotes a 4xx SMTP reply (``MailReply``) is
        /// retried, whatever the exit status: for mailers, which report a greylisting server
        /// with the same status as a permanent refusal.
        public var retriesTemporaryMailReplies: Bool

        /// Creates a policy.
        public init(retryableStatuses: Set<Int32>, retriesTimeouts: Bool, retriesTemporaryMailReplies: Bool = false) {
            self.retryableStatuses = retryableStatuses
            self.retriesTimeouts = retriesTimeouts
            self.retriesTemporaryMailReplies = retriesTemporaryMailReplies
        }

        /// Exit 75 (`EX_TEMPFAIL`), timeouts and resource shortages are retried: for programs
        /// that talk to a server.
        public static let retrying = Policy(retryableStatuses: [temporaryFailure], retriesTimeouts: true)
        /// What ``retrying`` retries, and any failure that quotes a 4xx SMTP reply: for `msmtp`
        /// and `sendmail`.
        public static let mail = Policy(
            retryableStatuses: [temporaryFailure], retriesTimeouts: true, retriesTemporaryMailReplies: true)
        /// Nothing is retried: for local programs, where a second try fails the same way.
        public static let local = Policy(retryableStatuses: [], retriesTimeouts: false)
    }

    /// Which output a failure's reason quotes the first line of.
    public enum QuotedOutput: Sendable, Hashable {
        /// Standard error: where most programs say what went wrong.
        case standardError
        /// Standard error, or standard output when that is empty: for programs that log their
        /// warnings to standard output (`apprise`).
        case standardErrorOrOutput
    }

    /// `EX_TEMPFAIL` from `sysexits.h`: a passing failure, try again later.
    public static let temporaryFailure: Int32 = 75

    /// The most of each output stream kept: reasons quote one line of standard error.
    static let maxOutputBytes = 64 * 1024

    /// Runs `command` with `input` on its standard input and reports the outcome.
    ///
    /// - Parameters:
    ///   - command: The program and its arguments; a program without `/` is looked up on `environment`'s `PATH`.
    ///   - input: What the program reads on standard input.
    ///   - inputName: How a reason names `input` when the program's error output repeats it ("the event").
    ///   - environment: The program's whole environment.
    ///   - timeout: How long the program may run before its process group is killed.
    ///   - secrets: Values that must not appear in a reason (configured environment values, …).
    ///   - policy: Which failures are retried.
    ///   - missingProgramHint: Added to the reason when the program is not installed ("install msmtp").
    ///   - quoting: Which output the reason for a failed run quotes.
    public static func run(
        _ command: [String], input: String, inputName: String, environment: [String: String], timeout: Duration,
        secrets: some Sequence<String>, policy: Policy, missingProgramHint: String? = nil,
        quoting: QuotedOutput = .standardError
    ) async -> DeliveryResult {
        let program = command.first?.split(separator: "/").last.map(String.init) ?? ""
        let output: ProcessOutput
        do {
            output = try await ProcessRunner.run(
                command, stdin: Array(input.utf8), environment: environment, timeout: timeout,
                maxOutputBytes: maxOutputBytes)
        } catch {
            var reason = error.description
            if let missingProgramHint, error.isNotFound { reason += " (\(missingProgramHint))" }
            return error.isTransient && policy.retriesTimeouts
                ? .retry(after: nil, reason: reason) : .failed(reason: reason)
        }
        if output.timedOut {
            let reason =
                output.cancelled
                ? "\(program) was stopped: the delivery was cancelled"
                : "\(program) timed out after \(ConfigDuration.format(timeout)); its process group was killed"
            return policy.retriesTimeouts || output.cancelled
                ? .retry(after: nil, reason: reason) : .failed(reason: reason)
        }
        guard let status = output.exitStatus else {
            return .failed(reason: "\(program) was killed by signal \(output.signal ?? 0)")
        }
        var quoted = output.firstStderrLine
        if quoting == .standardErrorOrOutput && quoted.isEmpty { quoted = output.firstStdoutLine }
        let excerpt = ErrorExcerpt.excerpt(of: quoted, hiding: secrets, repeating: input, inputName: inputName)
        let suffix = excerpt.map { ": \($0)" } ?? ""
        if status == 0 { return .delivered }
        if policy.retryableStatuses.contains(status) {
            return .retry(after: nil, reason: "\(program) exited with status \(status) (temporary failure)\(suffix)")
        }
        if policy.retriesTemporaryMailReplies, let reply = MailReply.temporaryReply(in: output.stderrText) {
            let quoted = ErrorExcerpt.excerpt(of: reply, hiding: secrets, repeating: input, inputName: inputName)
            return .retry(
                after: nil,
                reason: "\(program) exited with status \(status): the server answered \(quoted ?? "4xx") (temporary)")
        }
        return .failed(reason: "\(program) exited with status \(status)\(suffix)")
    }
}
