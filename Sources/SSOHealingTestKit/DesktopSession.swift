import Foundation
import SSOHealingCore

/// A program a test needs is not installed: the test fails, naming the package to install.
public struct MissingRequirement: Error, CustomStringConvertible {
    /// What is missing, and how to install it.
    public var description: String

    /// Creates an error.
    public init(description: String) { self.description = description }
}

/// The test process's environment.
public let testEnvironment = ProcessInfo.processInfo.environment

/// Fails unless every program is on `PATH`, naming the Debian package of each missing one.
public func requirePrograms(_ programs: [(program: String, package: String)]) throws {
    let missing = programs.filter {
        (try? ProcessRunner.executablePath(for: $0.program, environment: testEnvironment)) == nil
    }
    guard missing.isEmpty else {
        let packages = Set(missing.map(\.package)).sorted().joined(separator: " ")
        throw MissingRequirement(
            description:
                "\(missing.map(\.program).joined(separator: ", ")) not installed: apt-get install \(packages) (scripts/test installs them)"
        )
    }
}

/// One notification as dunst keeps it in its history.
public struct ShownNotification: Sendable {
    public var id: Int64
    public var appName: String
    public var summary: String
    public var body: String
    /// The text dunst rendered with the test's per-urgency format, `urgency=LEVEL SUMMARY`.
    public var message: String
    /// The expiry notify-send asked for, in microseconds (0 when it left it to the server's rules).
    public var timeout: Int64

    /// The urgency dunst saw, read from the per-urgency format.
    public var urgency: String? {
        guard message.hasPrefix("urgency=") else { return nil }
        return String(message.dropFirst("urgency=".count).prefix { $0 != " " })
    }
}

/// A private desktop session: a D-Bus session bus (`dbus-run-session`), an X server
/// (`xvfb-run -a`) and the dunst notification daemon, torn down as one process group.
///
/// Notifications stay on screen until `history()` closes them into dunst's history, which
/// `dunstctl history` prints as JSON.
public actor DesktopSession {
    /// The programs the session and the tests run, with their Debian packages.
    public static let requirements: [(program: String, package: String)] = [
        ("dbus-run-session", "dbus"), ("dbus-send", "dbus"), ("xvfb-run", "xvfb"), ("Xvfb", "xvfb"),
        ("xauth", "xauth"), ("dunst", "dunst"), ("dunstctl", "dunst"), ("notify-send", "libnotify-bin"),
    ]

    /// Where the session keeps its files.
    public let directory: TemporaryDirectory
    /// The bus address dbus-run-session chose.
    public private(set) var busAddress = ""
    /// A bus address through a symbolic link this session can break, to make the bus vanish.
    public private(set) var linkedBusAddress = ""
    private var socketPath = ""
    private var session: Task<ProcessOutput, any Error>?

    /// Creates a session (not started).
    public init() throws {
        directory = try TemporaryDirectory(prefix: "desktop-session")
    }

    /// Starts the bus, the X server and dunst, and waits until dunst owns the notification service.
    public func start() async throws {
        try requirePrograms(Self.requirements)
        let rc = try directory.write("dunstrc", Self.dunstrc)
        let busFile = directory.file("bus")
        let arguments = [
            "dbus-run-session", "--", "sh", "-c", Self.script, "desktop-session", rc, busFile, directory.file("dunst"),
        ]
        let task = Task {
            try await ProcessRunner.run(arguments, environment: testEnvironment, timeout: .seconds(120))
        }
        session = task
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let address = try? String(contentsOfFile: busFile, encoding: .utf8), !address.isEmpty {
                busAddress = address
                try linkBus()
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let output = try? await task.value
        session = nil
        throw MissingRequirement(description: "the desktop session did not start: \(output?.stderrText ?? "")")
    }

    /// Makes the bus unreachable through ``linkedBusAddress`` (or reachable again).
    public func setBusReachable(_ reachable: Bool) throws {
        let link = directory.file("bus-link")
        try? FileManager.default.removeItem(atPath: link)
        if reachable { try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: socketPath) }
    }

    /// Closes every notification on screen and returns dunst's whole history, oldest first.
    public func history() async throws -> [ShownNotification] {
        var environment = testEnvironment
        environment["DBUS_SESSION_BUS_ADDRESS"] = busAddress
        let close = try await ProcessRunner.run(
            ["dunstctl", "close-all"], environment: environment, timeout: .seconds(10))
        guard close.exitStatus == 0 else {
            throw MissingRequirement(description: "dunstctl close-all: \(close.stderrText)")
        }
        let output = try await ProcessRunner.run(
            ["dunstctl", "history"], environment: environment, timeout: .seconds(10))
        guard output.exitStatus == 0, let json = JSONValue.parse(output.stdoutText),
            let entries = json["data"]?.arrayValue?.first?.arrayValue
        else {
            throw MissingRequirement(description: "dunstctl history gave no JSON: \(output.stderrText)")
        }
        return entries.map { entry in
            func text(_ key: String) -> String { entry[key]?["data"]?.stringValue ?? "" }
            func number(_ key: String) -> Int64 { entry[key]?["data"]?.intValue ?? -1 }
            return ShownNotification(
                id: number("id"), appName: text("appname"), summary: text("summary"), body: text("body"),
                message: text("message"), timeout: number("timeout"))
        }.sorted { $0.id < $1.id }
    }

    /// Stops dunst (by the process id it wrote), which ends the X server and the bus in turn;
    /// whatever is left after five seconds is killed with the session's process group.
    public func stop() async {
        if let session {
            let written = (try? String(contentsOfFile: directory.file("dunst"), encoding: .utf8)) ?? ""
            if let pid = written.split(separator: " ").first.flatMap({ pid_t($0) }), pid > 1 { kill(pid, SIGTERM) }
            let deadline = Task {
                try? await Task.sleep(for: .seconds(5))
                session.cancel()
            }
            _ = try? await session.value
            deadline.cancel()
        }
        session = nil
        directory.remove()
    }

    private func linkBus() throws {
        // unix:path=/tmp/dbus-XXXX,guid=…
        let parts = busAddress.split(separator: ",", maxSplits: 1).map(String.init)
        guard let first = parts.first, first.hasPrefix("unix:path=") else {
            throw MissingRequirement(description: "the session bus is not a path socket (\(busAddress))")
        }
        socketPath = String(first.dropFirst("unix:path=".count))
        try setBusReachable(true)
        linkedBusAddress = (["unix:path=" + directory.file("bus-link")] + parts.dropFirst()).joined(separator: ",")
    }

    /// Runs inside dbus-run-session: dunst on a fresh X server, the bus address written once
    /// dunst owns org.freedesktop.Notifications. When dunst ends, xvfb-run stops the X server;
    /// the script waits for its lock file to go, so nothing is left in /tmp.
    private static let script = #"""
        xvfb-run -a sh -c 'printf "%s %s" "$$" "$DISPLAY" > "$0"; exec dunst -config "$1"' "$3" "$1" &
        i=0
        until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'
        do
            i=$((i + 1))
            if [ "$i" -gt 400 ]; then echo "dunst did not take the notification service" >&2; exit 1; fi
            sleep 0.05
        done
        printf '%s' "$DBUS_SESSION_BUS_ADDRESS" > "$2.tmp" && mv "$2.tmp" "$2"
        wait
        read pid display < "$3"
        i=0
        while [ -e "/tmp/.X${display#:}-lock" ] && [ "$i" -lt 60 ]; do i=$((i + 1)); sleep 0.05; done
        """#

    /// Notifications stay until closed; the urgency shows in the rendered message.
    private static let dunstrc = """
        [global]
            notification_limit = 0
            history_length = 1000
            idle_threshold = 0
            sticky_history = yes
        [urgency_low]
            timeout = 0
            format = "urgency=low %s"
        [urgency_normal]
            timeout = 0
            format = "urgency=normal %s"
        [urgency_critical]
            timeout = 0
            format = "urgency=critical %s"

        """
}
