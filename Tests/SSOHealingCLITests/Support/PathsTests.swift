import Foundation
import Testing

@testable import SSOHealingCLI

@Suite struct PathsTests {
    @Test(arguments: [
        ("/", "/"),
        ("/tmp", "/tmp"),
        ("/tmp/", "/tmp"),
        ("//tmp//x/", "/tmp/x"),
        ("/a/./b", "/a/b"),
        ("/a/../b", "/b"),
        ("/..", "/"),
        ("/a/b/../../..", "/"),
        ("/a/b/.", "/a/b"),
        ("/a/.../b", "/a/.../b"),
    ])
    func standardizingDropsDotsAndEmptyComponents(path: String, expected: String) {
        #expect(Paths.standardized(path) == expected)
    }

    @Test func relativePathsAreMadeAbsoluteAgainstTheWorkingDirectory() {
        let current = FileManager.default.currentDirectoryPath
        #expect(Paths.absolute("x/../y") == Paths.standardized(current + "/y"))
        #expect(Paths.absolute("~") == Paths.home())
        #expect(Paths.absolute("~/a") == Paths.home() + "/a")
        #expect(Paths.absolute("/a//b/") == "/a/b")
    }

    @Test func theHomeComesFromTheEnvironmentFirst() {
        #expect(Paths.home(environment: ["HOME": "/home/x"]) == "/home/x")
        #expect(Paths.home(environment: [:]) == FileManager.default.homeDirectoryForCurrentUser.path)
    }
}
