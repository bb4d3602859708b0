import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A channel's URLs as an Apprise TEXT configuration file, one URL a line, for the one run of
/// `apprise --config` that reads it: the file is 0600 in a folder of its own made 0700 by
/// `mkdtemp`, and both are removed when the delivery ends.
struct AppriseURLFile {
    /// The private folder.
    let folder: String
    /// The file, `FOLDER/urls.txt` (the `.txt` tells apprise it is its TEXT format).
    var path: String { folder + "/urls.txt" }

    /// Why the file could not be written: a path and what the system said, never a URL.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `urls` into a new private folder under the system's temporary folder.
    init(urls: [String]) throws(Failure) {
        var template = Array((TemporaryFolder.path + "sso-self-healing-apprise.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(
                description: "cannot create a folder in \(TemporaryFolder.path): \(String(cString: strerror(errno)))")
        }
        folder = String(cString: made)
        do {
            try AtomicFile.write(Data(Self.contents(urls).utf8), to: folder + "/urls.txt", mode: 0o600)
        } catch {
            rmdir(folder)
            throw Failure(description: error.description)
        }
    }

    /// The file's text: the URLs, one a line.
    static func contents(_ urls: [String]) -> String {
        urls.map { $0 + "\n" }.joined()
    }

    /// Removes the file and its folder.
    func remove() {
        unlink(path)
        rmdir(folder)
    }
}
