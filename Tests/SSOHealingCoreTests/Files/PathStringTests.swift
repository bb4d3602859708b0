import SSOHealingCore
import Testing

@Suite struct PathStringTests {
    @Test(arguments: [
        ("/var/lib", "state.json", "/var/lib/state.json"),
        ("/var/lib/", "state.json", "/var/lib/state.json"),
        ("/", "etc", "/etc"),
        ("", "x", "x"),
        ("/a", "", "/a"),
        ("/a", "b/c", "/a/b/c"),
        ("/a", "/b", "/a//b"),
        ("/a//", "b", "/a//b"),
        ("/tmp/", "/x.XXXXXX", "/tmp//x.XXXXXX"),
        ("~", "x", "~/x"),
    ])
    func joinPutsOneSlashBetween(path: String, component: String, expected: String) {
        #expect(PathString.join(path, component) == expected)
    }

    @Test(arguments: [
        ("/a/b", "/a"),
        ("/a/b/", "/a"),
        ("/a//b", "/a"),
        ("/a/b//", "/a"),
        ("/a", "/"),
        ("/a/", "/"),
        ("/", "/"),
        ("//", ""),
        ("", ""),
        ("a", ""),
        ("ab", ""),
        ("ab/", ""),
        ("a/b", "a"),
        ("./a", "."),
        ("/a/b/..", "/a/b"),
        ("/é/ü", "/é"),
    ])
    func parentDropsTheLastComponent(path: String, expected: String) {
        #expect(PathString.parent(of: path) == expected)
    }

    @Test(arguments: [
        ("/a/b", "b"),
        ("/a/b/", "b"),
        ("/a", "a"),
        ("/", "/"),
        ("//", ""),
        ("", ""),
        ("ab", "ab"),
        ("ab//", "ab"),
        ("/tmp/x.XXXXXX", "x.XXXXXX"),
        ("/a/./", "."),
        ("/a/b/..", ".."),
    ])
    func lastComponentIsWhatFollowsTheLastSlash(path: String, expected: String) {
        #expect(PathString.lastComponent(of: path) == expected)
    }
}
