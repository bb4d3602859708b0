#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The name of the calling thread, as debuggers, `ps -T` and crash reports show it.
enum ThreadName {
    #if os(Linux)
        /// The longest name Linux keeps, in bytes, without the terminating NUL.
        static let maximumBytes = 15
    #else
        /// The longest name Darwin keeps, in bytes, without the terminating NUL.
        static let maximumBytes = 63
    #endif

    /// Names the calling thread `name`, cut to ``maximumBytes`` on a character boundary.
    static func set(_ name: String) {
        let bytes = truncated(name)
        #if canImport(Darwin)
            _ = pthread_setname_np(bytes)
        #elseif os(Linux)
            guard let setName = LibcExtensions.setThreadName else { return }
            _ = setName(pthread_self(), bytes)
        #endif
    }

    /// The calling thread's name; `nil` where the system cannot tell.
    static func current() -> String? {
        var buffer = [CChar](repeating: 0, count: maximumBytes + 1)
        #if canImport(Darwin)
            guard pthread_getname_np(pthread_self(), &buffer, buffer.count) == 0 else { return nil }
        #elseif os(Linux)
            guard let getName = LibcExtensions.threadName, getName(pthread_self(), &buffer, buffer.count) == 0
            else { return nil }
        #else
            return nil
        #endif
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `name` cut to at most ``maximumBytes`` bytes of whole characters.
    static func truncated(_ name: String) -> String {
        var result = ""
        var count = 0
        for character in name {
            count += character.utf8.count
            guard count <= maximumBytes else { break }
            result.append(character)
        }
        return result
    }
}
