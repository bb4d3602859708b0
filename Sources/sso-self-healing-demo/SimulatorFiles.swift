import ArgumentParser
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

/// Where `simulate-aws` writes.
///
/// With `--home DIR` everything goes under DIR, which is exported as `HOME`, and stays there. By
/// default `HOME` is left alone: the AWS config, sso-self-healing's configuration and state, and
/// the environment file go to a scratch directory that is removed at the end, and the token cache
/// goes where the AWS CLI and the probe read it, `~/.aws/sso/cache/<sha1 of sim-sso>.json` (there
/// is no variable that moves it), for an SSO session name only the simulator uses. At the end,
/// the files under `~/.aws/sso/cache` and `~/.aws/cli/cache` that hold a credential the simulator
/// issued (its token cache, a registration a login wrote, role credentials the AWS CLI cached)
/// are removed.
struct SimulatorFiles {
    /// The home directory whose `.aws/sso/cache` holds the token cache.
    let home: String
    /// The simulator's own directory: DIR, or the scratch directory.
    let directory: String
    /// Whether `directory` is a scratch directory (removed at the end, `HOME` not exported).
    let isScratch: Bool
    /// The folders of `~/.aws/sso/cache` that did not exist before (removed at the end when empty).
    var missingFolders: [String] = []

    /// The AWS config file (`AWS_CONFIG_FILE`).
    var awsConfigPath: String { isScratch ? directory + "/aws/config" : home + "/.aws/config" }
    /// A credentials file that does not exist (`AWS_SHARED_CREDENTIALS_FILE`), so that no real
    /// profile's keys get in the way.
    var credentialsPath: String { isScratch ? directory + "/aws/credentials" : home + "/.aws/credentials" }
    /// sso-self-healing's configuration directory (`SSO_SELF_HEALING_CONFIG_DIR`).
    var configDirectory: String { isScratch ? directory + "/config" : home + "/.config/sso-self-healing" }
    /// sso-self-healing's state directory (`SSO_SELF_HEALING_STATE_DIR`).
    var stateDirectory: String { isScratch ? directory + "/state" : home + "/.local/state/sso-self-healing" }
    /// The export lines again, for `. FILE` in another shell.
    var environmentFile: String { directory + "/simulator.env" }

    /// Everything under `home`, which becomes `HOME`.
    static func under(home: String) throws -> SimulatorFiles {
        try AtomicFile.makePrivateDirectory(home)
        return SimulatorFiles(home: home, directory: home, isScratch: false)
    }

    /// A new scratch directory, the token cache under the user's own `home`.
    static func scratch(home: String) throws -> SimulatorFiles {
        var template = Array(PathString.join(TemporaryFolder.path, "sso-self-healing-simulator.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SimulatorError(
                "cannot create a scratch directory in \(TemporaryFolder.path): \(String(cString: strerror(errno)))")
        }
        let missing = ["/.aws", "/.aws/sso", "/.aws/sso/cache"].map { home + $0 }.filter {
            !FileManager.default.fileExists(atPath: $0)
        }
        return SimulatorFiles(home: home, directory: String(cString: made), isScratch: true, missingFolders: missing)
    }

    /// Refuses a token cache file at `path` that is not the simulator's own (another `startUrl`,
    /// or not a token at all): a real session of that name would be overwritten.
    func refuseForeignTokenCache(at path: String, startURL: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let owner = JSONValue.parse(String(decoding: data, as: UTF8.self))?["startUrl"]?.stringValue
        guard owner == startURL else {
            throw SimulatorError(
                """
                \(path) exists and is not the simulator's (an SSO session with the same name?): \
                it is left alone; give --home DIR to write the simulated setup elsewhere
                """)
        }
    }

    /// Writes sso-self-healing's configuration for the simulated session: one `aws-sso` probe
    /// that heals with a device code, and the console channel.
    func writeProductConfiguration(sessionName: String) throws {
        try AtomicFile.makePrivateDirectory(configDirectory + "/notifiers.d")
        try AtomicFile.makePrivateDirectory(stateDirectory)
        try AtomicFile.write(
            Data(
                """
                # Written by `sso-self-healing-demo simulate-aws`: the simulated SSO session, checked
                # natively against the simulator's endpoints (AWS_CONFIG_FILE, AWS_ENDPOINT_URL_*).
                [daemon]
                interval = "1m"
                jitter = "0"

                [probe.sim]
                type = "aws-sso"
                sso_session = "\(sessionName)"
                mode = "native"
                session_lifetime = "8h"
                failure_threshold = 1     # each change shows at the next check
                heal = "device-code"      # an expired session gets a link to the simulator's approval page

                """.utf8), to: configDirectory + "/config.toml")
        try AtomicFile.write(
            Data(
                """
                # Written by `sso-self-healing-demo simulate-aws`: alerts as lines on stderr.
                type = "console"

                """.utf8), to: configDirectory + "/notifiers.d/10-console.toml")
    }

    /// Writes `lines` to the environment file (0600).
    func writeEnvironmentFile(_ lines: [String]) throws {
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: environmentFile)
    }

    /// At the end of a scratch run: removes the scratch directory, every file under
    /// `~/.aws/sso/cache` and `~/.aws/cli/cache` that holds one of `secrets`, and the folders of
    /// `~/.aws/sso/cache` it made when they are empty. Nothing for `--home`.
    func removeScratch(holding secrets: [String]) {
        guard isScratch else { return }
        try? FileManager.default.removeItem(atPath: directory)
        let needles = secrets.filter { $0.count >= 16 }.map { Array($0.utf8) }
        for folder in [home + "/.aws/sso/cache", home + "/.aws/cli/cache"] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where name.hasSuffix(".json") {
                let path = folder + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let bytes = [UInt8](data)
                if needles.contains(where: { bytes.contains($0) }) { unlink(path) }
            }
        }
        for folder in missingFolders.reversed() { rmdir(folder) }
    }
}

/// A reason the simulator cannot do what it was asked, for the user.
struct SimulatorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
