#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A detached POSIX thread for blocking work that must not occupy the concurrency pool.
enum PosixThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread of its own; the process ends if no thread can be started.
    static func detach(_ body: @escaping () -> Void) {
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let created = pthread_create(
            &thread, nil,
            { context in
                #if canImport(Glibc)
                    Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                #else
                    Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                #endif
                return nil
            }, context)
        precondition(created == 0, "cannot start a thread: \(String(cString: strerror(created)))")
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            pthread_detach(thread!)
        #endif
    }
}
