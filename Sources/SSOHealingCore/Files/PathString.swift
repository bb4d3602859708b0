/// Joins and splits path strings the way the product always has (the rules of
/// swift-corelibs-foundation's `NSString` path methods), without `NSString`.
///
/// ```swift
/// PathString.join("/var/lib/app", "state.json")   // "/var/lib/app/state.json"
/// PathString.parent(of: "/var/lib/app/")          // "/var/lib"
/// PathString.lastComponent(of: "/var/lib/app/")   // "app"
/// ```
public enum PathString {
    /// `component` appended to `path` with one `/` between them (none is added when `path`
    /// already ends in `/`); an empty side gives the other one unchanged.
    public static func join(_ path: String, _ component: String) -> String {
        if component.isEmpty { return path }
        if path.isEmpty { return component }
        if path.hasSuffix("/") { return path + component }
        return path + "/" + component
    }

    /// `path` without its last component, repeated and trailing slashes ignored: `/a/b` gives
    /// `/a`, `/a` gives `/`, `a` gives the empty string, `/` stays `/`.
    public static func parent(of path: String) -> String {
        let fixed = compacted(path)
        if fixed == "/" || fixed.isEmpty { return fixed }
        guard let slash = fixed.lastIndex(of: "/") else { return "" }
        if slash == fixed.startIndex { return "/" }
        return String(fixed[..<slash])
    }

    /// The last component of `path`, repeated and trailing slashes ignored: `/a/b/` gives `b`,
    /// `/` stays `/`.
    public static func lastComponent(of path: String) -> String {
        let fixed = compacted(path)
        guard fixed.count > 1, let slash = fixed.lastIndex(of: "/") else { return fixed }
        return String(fixed[fixed.index(after: slash)...])
    }

    /// `path` with each run of slashes made one and a trailing slash dropped (`/` stays `/`).
    static func compacted(_ path: String) -> String {
        if path == "/" { return path }
        var result = ""
        var previousWasSlash = false
        for character in path {
            let isSlash = character == "/"
            if !(isSlash && previousWasSlash) { result.append(character) }
            previousWasSlash = isSlash
        }
        if result.hasSuffix("/") { result.removeLast() }
        return result
    }
}
