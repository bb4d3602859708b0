import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where alerts go when the configuration directory has no drop-in at all: the console (stderr,
/// which journald and launchd capture) and, where a desktop session is reachable, the desktop.
enum DefaultChannels {
    /// The console, and the desktop when ``desktopReason(environment:)`` finds one.
    static func channels(environment: [String: String]) -> [DefaultNotifier] {
        var channels = [
            DefaultNotifier(name: "console", toml: "type = \"console\"\n", reason: "no drop-in: the log, on stderr")
        ]
        if let reason = desktopReason(environment: environment) {
            channels.append(DefaultNotifier(name: "desktop", toml: "type = \"notify-send\"\n", reason: reason))
        }
        return channels
    }

    /// Why a desktop is reachable, or `nil`: on macOS, `osascript` always is; elsewhere, a D-Bus
    /// session bus (`DBUS_SESSION_BUS_ADDRESS`, or `$XDG_RUNTIME_DIR/bus`) and `notify-send` on `PATH`.
    static func desktopReason(environment: [String: String]) -> String? {
        #if os(macOS)
            return "no drop-in: the desktop, through osascript"
        #else
            let bus =
                environment["DBUS_SESSION_BUS_ADDRESS"].flatMap { $0.isEmpty ? nil : $0 }
                ?? environment["XDG_RUNTIME_DIR"].flatMap { directory in
                    FileManager.default.fileExists(atPath: directory + "/bus") ? directory + "/bus" : nil
                }
            guard bus != nil, (try? ProcessRunner.executablePath(for: "notify-send", environment: environment)) != nil
            else { return nil }
            return "no drop-in: the desktop session's bus, through notify-send"
        #endif
    }
}
