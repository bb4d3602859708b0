#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Starts work on a POSIX thread of its own, never on Swift's cooperative pool: for waits that
/// block, such as watching a child process, a libcurl transfer or a socket.
///
/// The thread is detached (nothing joins it) and has the system's default stack size. A name, if
/// given, is set where the system allows it; Linux keeps its first 15 bytes.
///
/// ```swift
/// try DetachedThread.start(name: "watcher") { waitForChild() }
/// ```
public enum DetachedThread {
    /// The thread could not be created; `code` is the `pthread_create` error, such as `EAGAIN`.
    public struct StartError: Error, Equatable, CustomStringConvertible {
        /// The error number `pthread_create` returned.
        public var code: Int32

        /// Creates an error.
        public init(code: Int32) { self.code = code }

        /// The error and the system's explanation.
        public var description: String { "cannot start a thread: \(String(cString: strerror(code)))" }
    }

    /// Runs `body` on a new detached thread, named `name` when one is given.
    ///
    /// - Throws: ``StartError`` when the system cannot create the thread; `body` does not run then.
    public static func start(name: String? = nil, _ body: @escaping @Sendable () -> Void) throws(StartError) {
        let context = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Darwin)
            var thread: pthread_t?
        #else
            var thread = pthread_t()
        #endif
        let result = pthread_create(&thread, &attributes, { Start.run(DetachedThread.unwrapped($0)) }, context)
        guard result == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            throw StartError(code: result)
        }
    }

    /// What a new thread runs, handed to it through `pthread_create`'s argument.
    private final class Start {
        let name: String?
        let body: @Sendable () -> Void

        init(name: String?, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }

        /// The thread's entry point: takes back the retained `Start`, names the thread, runs the body.
        static func run(_ context: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
            let start = Unmanaged<Start>.fromOpaque(context).takeRetainedValue()
            if let name = start.name { ThreadName.set(name) }
            start.body()
            return nil
        }
    }

    /// The argument, which Glibc declares optional and Darwin does not.
    private static func unwrapped(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer {
        pointer!
    }
}
