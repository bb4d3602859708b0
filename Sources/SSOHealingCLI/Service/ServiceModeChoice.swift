/// The mode `install` writes, and what it says about the choice.
///
/// A healing probe (`heal = "device-code"`) sends a device link that lasts about ten minutes;
/// the daemon polls for the approval within seconds, while a timer-driven `check` collects it
/// only at its next run, when the link has usually expired. So without `--mode`, a configuration
/// with a healing probe gets the daemon, and an explicit timer draws a warning (no follow-up
/// timer is installed: the daemon is the way to heal).
struct ServiceModeChoice: Equatable {
    /// The mode to write.
    var mode: ServicePlan.Mode
    /// What `install` prints about the choice, if anything.
    var note: String?
    /// Whether `note` warns of a setup in which healing does not work.
    var isWarning = false

    /// Chooses: `given` (`--mode`) wins; `--interval` alone means a timer; otherwise the daemon
    /// when any of `healingProbes` heals, else the timer.
    init(given: ServicePlan.Mode?, intervalGiven: Bool, healingProbes: [String]) {
        let healers = Self.describe(healingProbes)
        switch (given, intervalGiven) {
        case (.daemon, _):
            mode = .daemon
        case (.timer, _), (nil, true):
            mode = .timer
            if let healers {
                note =
                    "warning: \(healers) (heal = \"device-code\"), but a timer collects an approval only at its next run, when the device link (it lasts about ten minutes) has usually expired: use --mode daemon for healing"
                    + (given == nil ? " (--interval means --mode timer)" : "")
                isWarning = true
            }
        case (nil, false):
            if let healers {
                mode = .daemon
                note =
                    "mode daemon: \(healers) (heal = \"device-code\"); the daemon collects the approval of a device link within seconds, a timer only at its next run, when the link (about ten minutes) has usually expired (--mode timer to choose it anyway)"
            } else {
                mode = .timer
            }
        }
    }

    /// "probe corp heals" or "probes a, b heal", or `nil` for none.
    private static func describe(_ probes: [String]) -> String? {
        switch probes.count {
        case 0: nil
        case 1: "probe \(probes[0]) heals"
        default: "probes \(probes.joined(separator: ", ")) heal"
        }
    }
}
