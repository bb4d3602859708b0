import ArgumentParser
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SSOSelfHealingCommand {
    /// `login`: the healing step, headless.
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login",
            abstract: "Renew an SSO session from a terminal or ssh: print (and send) an approval link, wait for it.",
            discussion: """
                Starts an SSO OIDC device authorization for the probe's session (or reuses the one \
                pending), prints the link and the code to approve, sends them to the channels as a login \
                request (one info event now and one when it ends; the target's state does not change), \
                then polls until someone approves and writes the AWS CLI's token cache. Whoever approves the \
                link logs this machine in as themselves. Exit status: 0 renewed; 2 not approved in time \
                (or denied, or expired); 78 bad configuration.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .customLong("probe"),
            help: "The aws-sso probe whose session to renew (needed when there are several).")
        var probe: String?

        @Option(
            name: .customLong("sso-session"),
            help: "The SSO session to renew (an aws-sso target: an sso-session name, or a legacy start URL).")
        var ssoSession: String?

        @Option(name: .long, help: "How long to wait for the approval, e.g. 10m.")
        var timeout: String = "10m"

        @Flag(name: .customLong("no-notify"), help: "Print the link only; do not send it to the channels.")
        var noNotify = false

        func validate() throws {
            if probe != nil && ssoSession != nil {
                throw ValidationError("give --probe or --sso-session, not both")
            }
            guard let duration = ConfigDuration.parse(timeout), duration > .zero else {
                throw ValidationError("invalid --timeout \"\(timeout)\": use a duration such as 90s or 10m")
            }
        }

        func run() async throws {
            let context = CommandContext(global: global)
            let engine = try context.engineOrExit()
            let (name, healer) = try select(in: engine)
            let limit = ConfigDuration.parse(timeout) ?? .seconds(600)
            let deadline = ContinuousClock.now + limit

            let link: LoginLink
            switch await healer.startHealing() {
            case .pending(let pending, _):
                link = pending
            case .renewed(let summary):
                Output.print(Output.field(summary))
                return
            case .ended(let reason), .failed(let reason):
                Output.error("cannot start a login for \(name): \(Output.field(reason))")
                throw ExitCode(2)
            case .idle:
                Output.error("cannot start a login for \(name)")
                throw ExitCode(2)
            }
            Output.print(
                """
                To renew the SSO session \(name), open this link and approve code \(Output.field(link.userCode)) \
                (valid until \(Timestamp.string(link.expiresAt))):

                  \(Output.field(link.url))

                Whoever approves it logs this machine in as themselves.
                """)
            if !noNotify { await announce(link, probe: name, engine: engine) }

            while true {
                let status = await healer.continueHealing()
                switch status {
                case .renewed(let summary):
                    Output.print(Output.field(summary))
                    if !noNotify { close(name, approved: true, reason: summary, engine: engine) }
                    // Let the engine see the session work again, so the episode resolves.
                    _ = try? await engine.cycle(only: [name])
                    report(await engine.drainAll())
                    return
                case .ended(let reason):
                    Output.error("not renewed: \(Output.field(reason))")
                    if !noNotify {
                        close(name, approved: false, reason: reason, engine: engine)
                        report(await engine.drainAll())
                    }
                    throw ExitCode(2)
                case .idle:
                    Output.error("not renewed: the login is no longer pending")
                    throw ExitCode(2)
                case .pending(_, let nextPollAt):
                    let wait = max(0.2, min(5, nextPollAt.timeIntervalSince(engine.now())))
                    guard ContinuousClock.now + .milliseconds(Int64(wait * 1000)) < deadline else {
                        Output.error("not approved within \(ConfigDuration.format(limit))")
                        throw ExitCode(2)
                    }
                    try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                case .failed(let reason):
                    guard ContinuousClock.now + .seconds(1) < deadline else {
                        Output.error("not approved within \(ConfigDuration.format(limit)): \(Output.field(reason))")
                        throw ExitCode(2)
                    }
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }

        /// The target to heal: the one named (by a probe's name or the session's), else the only one
        /// that can heal.
        private func select(in engine: AlertEngine) throws -> (String, any HealingProbe) {
            let slots = engine.runtime.probes.filter { $0.probe is any HealingProbe }
            let healers = slots.compactMap { slot -> (String, any HealingProbe)? in
                (slot.probe as? any HealingProbe).map { (slot.target.name, $0) }
            }
            if let name = probe ?? ssoSession {
                let match =
                    ssoSession != nil
                    ? slots.first(where: { $0.target.name == name }) : slots.first(where: { $0.answers(to: name) })
                guard let match, let healer = match.probe as? any HealingProbe else {
                    let known = healers.map(\.0).joined(separator: ", ")
                    let what = ssoSession != nil ? "SSO session" : "probe"
                    throw ValidationError(
                        "no enabled \(what) named \"\(name)\" that can log in (aws-sso sessions: \(known.isEmpty ? "none" : known))"
                    )
                }
                return (match.target.name, healer)
            }
            guard healers.count == 1, let only = healers.first else {
                throw ValidationError(
                    healers.isEmpty
                        ? "no enabled aws-sso probe to log in with"
                        : "several SSO sessions can log in (\(healers.map(\.0).joined(separator: ", "))): choose one with --sso-session"
                )
            }
            return only
        }

        /// Announces the login request to the channels through the engine, so the ledger knows of it.
        private func announce(_ link: LoginLink, probe name: String, engine: AlertEngine) async {
            do {
                try engine.announceLogin(link, probe: name)
            } catch {
                Output.error("cannot send the link to the channels: \(Output.field("\(error)"))")
                return
            }
            report(await engine.drainAll())
        }

        /// Closes the login request on the channels that were told of it.
        private func close(_ name: String, approved: Bool, reason: String, engine: AlertEngine) {
            do {
                try engine.closeLogin(probe: name, approved: approved, reason: reason)
            } catch {
                Output.error("cannot tell the channels how the login ended: \(Output.field("\(error)"))")
            }
        }

        private func report(_ reports: [DeliveryReport]) {
            for report in reports {
                Output.print("  → \(Output.field(report.channel)): \(Output.field(report.result.description))")
            }
        }
    }
}
