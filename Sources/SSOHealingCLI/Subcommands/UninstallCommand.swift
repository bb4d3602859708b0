import ArgumentParser
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SSOSelfHealingCommand {
    /// `uninstall`: remove what `install` wrote.
    struct Uninstall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove the launchd agent or systemd user units that install wrote.",
            discussion: """
                Only files carrying install's marker are removed. A systemd unit that is still enabled is \
                left alone: disable it first (systemctl --user disable --now <unit>). Exit status: 0, or 1 \
                with a reason.
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var service: ServiceManagerOptions

        func run() async throws {
            let environment = CommandContext(global: global).environment
            let label = service.resolvedLabel
            let directory: String
            let names: [String]
            switch service.chosen {
            case .systemd:
                directory = SystemdUnits.directory(environment: environment)
                names = SystemdUnits.fileNames(label: label)
            case .launchd:
                directory = LaunchdPlist.directory(environment: environment)
                names = ["\(label).plist"]
            }
            let paths = names.map { PathString.join(directory, $0) }
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            guard !existing.isEmpty else {
                throw fail("nothing to uninstall: no \(paths.joined(separator: " or "))")
            }
            for path in existing {
                let contents = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                guard contents.contains(ServicePlan.marker) else {
                    throw fail("\(path) was not written by sso-self-healing install; leaving it")
                }
            }
            if service.chosen == .systemd {
                let enabled = enabledUnits(names: names, in: directory)
                if !enabled.isEmpty {
                    throw fail(
                        "\(enabled.joined(separator: ", ")) is enabled: first run systemctl --user disable --now \(enabled.joined(separator: " "))"
                    )
                }
            }
            for path in existing {
                do {
                    try FileManager.default.removeItem(atPath: path)
                } catch {
                    throw fail("cannot remove \(path): \(ErrorText.describe(error))")
                }
                Output.print("removed \(path)")
            }
            switch service.chosen {
            case .systemd: Output.print("next: systemctl --user daemon-reload")
            case .launchd: Output.print("if the job is still loaded: launchctl bootout gui/$(id -u)/\(label)")
            }
        }

        /// The units among `names` linked from a `*.wants` folder of `directory` (enabled).
        private func enabledUnits(names: [String], in directory: String) -> [String] {
            let folders = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
                $0.hasSuffix(".wants")
            }
            return names.filter { name in
                folders.contains { folder in
                    let link = PathString.join(PathString.join(directory, folder), name)
                    return (try? FileManager.default.attributesOfItem(atPath: link)) != nil
                }
            }
        }
    }
}
