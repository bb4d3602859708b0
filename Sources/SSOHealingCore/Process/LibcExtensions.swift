#if canImport(Glibc)
    import Glibc
#endif

/// libc functions that Swift's `Glibc` module hides (they need `_GNU_SOURCE`), looked up at run
/// time; `nil` where the C library lacks them.
enum LibcExtensions {
    #if os(Linux)
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        typealias SetThreadName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
        typealias GetThreadName = @convention(c) (pthread_t, UnsafeMutablePointer<CChar>, Int) -> Int32

        /// `pipe2(2)`: creates a pipe with flags such as `O_CLOEXEC` set atomically.
        static let pipe2: Pipe2? = symbol("pipe2")
        /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29): the child changes directory before exec.
        static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
        /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): the child closes every descriptor from N up.
        static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
        /// `pthread_setname_np`: names a thread (at most 15 bytes, or it fails with `ERANGE`).
        static let setThreadName: SetThreadName? = symbol("pthread_setname_np")
        /// `pthread_getname_np`: a thread's name, into a buffer of the given size.
        static let threadName: GetThreadName? = symbol("pthread_getname_np")

        private static func symbol<Function>(_ name: String) -> Function? {
            guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
            return unsafeBitCast(address, to: Function.self)
        }
    #endif
}
