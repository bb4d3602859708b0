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

/// The demo's temporary configuration and state.
struct DemoWorkspace {
    let directory: String
    var configDirectory: String { directory + "/config" }
    var stateDirectory: String { directory + "/state" }

    static func create() throws -> DemoWorkspace {
        var template = Array((TemporaryFolder.path + "/sso-self-healing-demo.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ValidationError("cannot create a temporary directory")
        }
        let workspace = DemoWorkspace(directory: String(cString: made))
        try FileManager.default.createDirectory(
            atPath: workspace.configDirectory + "/notifiers.d", withIntermediateDirectories: true)
        let script = workspace.directory + "/vpn-check.sh"
        // A Nagios-style plug-in whose answer follows a script: each run reads and bumps a counter.
        try """
        #!/bin/sh
        counter="\(workspace.directory)/runs"
        n=$(cat "$counter" 2>/dev/null || echo 0)
        echo $((n + 1)) > "$counter"
        if [ "$n" -lt 3 ]; then echo "VPN gateway answers in 12 ms | rtt=12ms"; exit 0; fi
        if [ "$n" -lt 7 ]; then echo "VPN gateway slow: 870 ms | rtt=870ms"; exit 1; fi
        if [ "$n" -lt 13 ]; then echo "VPN gateway unreachable"; exit 2; fi
        echo "VPN gateway answers in 14 ms | rtt=14ms"; exit 0
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        try """
        # Written by `sso-self-healing demo`.
        [daemon]
        interval = "2s"
        jitter = "0"

        [probe.vpn]
        type = "command"
        command = ["\(script)"]
        remedy = "restart the VPN client"
        failure_threshold = 2
        """.write(toFile: workspace.configDirectory + "/config.toml", atomically: true, encoding: .utf8)
        try """
        # The console channel: one line per alert on stderr, reminders every 8 s while expired.
        type = "console"
        repeat_interval = "8s"
        """.write(toFile: workspace.configDirectory + "/notifiers.d/10-console.toml", atomically: true, encoding: .utf8)
        return workspace
    }

    /// Adds `text` to the end of `config.toml`.
    func appendToConfig(_ text: String) throws {
        let path = configDirectory + "/config.toml"
        let current = try String(contentsOfFile: path, encoding: .utf8)
        try (current + text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
