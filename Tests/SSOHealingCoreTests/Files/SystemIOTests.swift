import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct SystemIOTests {
    @Test func writeAllWritesEverythingAndReadReadsItBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("bytes")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(output >= 0)
        #expect(SystemIO.writeAll(bytes, to: output) == nil)
        #expect(SystemIO.writeAll("text".utf8, to: output) == nil)
        #expect(SystemIO.close(output) == 0)

        let input = open(path, O_RDONLY)
        try #require(input >= 0)
        defer { SystemIO.close(input) }
        var read: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { SystemIO.read(input, into: $0) }
            try #require(count >= 0)
            if count == 0 { break }
            read += buffer[..<count]
        }
        #expect(read == bytes + Array("text".utf8))
    }

    @Test func writeAllReportsTheError() {
        #expect(SystemIO.writeAll([1, 2, 3], to: -1) == EBADF)
    }

    @Test func theTemporaryFolderIsFoundations() {
        #expect(TemporaryFolder.path == NSTemporaryDirectory())
        #expect(TemporaryFolder.path.hasSuffix("/"))
    }
}
