import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `notify-send` notifier type: a desktop notification on the machine itself — `notify-send`
/// on Linux (any freedesktop.org notification server: GNOME, KDE, dunst, mako), `osascript`'s
/// `display notification` on macOS.
///
/// The urgency follows the severity (info → low, warning → normal, critical → critical). The
/// title names the probe and its state, the body holds the summary and the remedy. Exit 0 means
/// delivered; anything else means failed, and nothing is retried: a local program that failed
/// once fails the same way a minute later.
///
/// From a system service, `notify-send` must be told where the user's session bus is:
///
/// ```toml
/// type = "notify-send"
/// expire = "30s"
/// environment = { DBUS_SESSION_BUS_ADDRESS = "unix:path=/run/user/1000/bus" }
/// ```
///
/// Shows one desktop notification per event with `notify-send` (or `osascript` on macOS).
public struct NotifySendNotifier: Notifier {
    let program: String
    let appName: String
    let expire: Duration?
    let environment: [String: String]
    let timeout: Duration

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        #if os(macOS)
            let arguments = ["-e", NotifySendNotifier.appleScript(for: event, appName: appName)]
        #else
            let arguments = NotifySendNotifier.notifySendArguments(for: event, appName: appName, expire: expire)
        #endif
        return await ProgramDelivery.run(
            [program] + arguments, input: "", inputName: "the notification", environment: environment,
            timeout: timeout, secrets: [String](), policy: .local, missingProgramHint: NotifySendNotifier.installHint)
    }
}

extension NotifySendNotifier {
    /// A notifier that shows one desktop notification per event.
    ///
    /// - Parameters:
    ///   - appName: The application name shown with each notification (`notify-send -a`; the subtitle on macOS).
    ///   - expire: How long a notification stays on screen (`notify-send -t`); `nil` leaves it to the server.
    ///   - command: The program to run; `nil` uses ``defaultProgram``.
    ///   - environment: Variables added to `processEnvironment` (e.g. `DBUS_SESSION_BUS_ADDRESS`).
    ///   - timeout: How long one run may take before its process group is killed.
    ///   - passEnvironment: Variables of `processEnvironment` the program also inherits, besides
    ///     the base ones and `ProgramEnvironment/desktopNames`.
    ///   - processEnvironment: The daemon's environment, which the program inherits only that much
    ///     of (see `ProgramEnvironment`).
    public init(
        appName: String = defaultAppName, expire: Duration? = nil, command: String? = nil,
        environment: [String: String] = [:], timeout: Duration = .seconds(10),
        passEnvironment: [String] = [], processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        var variables = ProgramEnvironment.inherited(
            from: processEnvironment, passing: ProgramEnvironment.desktopNames.union(passEnvironment))
        variables.merge(environment) { _, configured in configured }
        self.init(
            program: command ?? Self.defaultProgram, appName: appName, expire: expire, environment: variables,
            timeout: timeout)
    }
}
