import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `aws-sso` probe: resolves the SSO session and its profiles, takes the session's lock, runs
/// the check of its mode and turns the finding into a result. It heals too (``HealingProbe``):
/// with a device authorization pending, each check polls it once when due, and a check that sees
/// it approved reports the session renewed.
///
/// Its target is the session (``SharedTargetProbe``): probes that name profiles of one session
/// are merged into one, which watches the union of their profiles with the first one's settings
/// (and heals when any of them does).
public struct AWSSSOProbe: HealingProbe, SharedTargetProbe {
    let settings: AWSSSOProbe.Settings
    /// What each merged probe named, in configuration order.
    let selections: [SessionSelection]
    let environment: [String: String]
    let stateDirectory: String
    let logger: Logger
    let now: @Sendable () -> Date
    /// The session's name (or a legacy profile's start URL); the probe's name when the AWS config
    /// does not resolve it at start.
    public let targetName: String

    /// A probe for `settings`, named `probeName` in the configuration (`nil` outside one).
    init(
        settings: AWSSSOProbe.Settings, probeName: String?, environment: [String: String], stateDirectory: String,
        logger: Logger, now: @escaping @Sendable () -> Date
    ) {
        let selection = SessionSelection(settings)
        let config = try? AWSConfig.load(environment: environment)
        let key = config.flatMap { WatchedSession.key(of: selection, in: $0, environment: environment) }
        self.init(
            settings: settings, selections: [selection], environment: environment, stateDirectory: stateDirectory,
            logger: logger, now: now,
            targetName: key ?? probeName ?? settings.ssoSession ?? settings.profile ?? "default")
    }

    private init(
        settings: AWSSSOProbe.Settings, selections: [SessionSelection], environment: [String: String],
        stateDirectory: String, logger: Logger, now: @escaping @Sendable () -> Date, targetName: String
    ) {
        self.settings = settings
        self.selections = selections
        self.environment = environment
        self.stateDirectory = stateDirectory
        self.logger = logger
        self.now = now
        self.targetName = targetName
    }

    public var healsAutomatically: Bool { settings.heal != nil }

    public func merged(with other: any SharedTargetProbe) -> any SharedTargetProbe {
        guard let other = other as? AWSSSOProbe else { return self }
        var settings = settings
        settings.heal = settings.heal ?? other.settings.heal
        return AWSSSOProbe(
            settings: settings, selections: selections + other.selections, environment: environment,
            stateDirectory: stateDirectory, logger: logger, now: now, targetName: targetName)
    }

    public func check() async -> ProbeResult {
        let start = ContinuousClock.now
        let (finding, details) = await evaluate()
        return ProbeResult(
            state: finding.state, summary: finding.summary, remedy: finding.state == .ok ? nil : finding.remedy,
            details: details, at: now(), latencySeconds: start.duration(to: .now).secondsValue)
    }

    public func startHealing() async -> HealingStatus {
        await withSession { session, _ in await session.flow.ensurePending() } ?? .failed("cannot lock the session")
    }

    public func continueHealing() async -> HealingStatus {
        await withSession { session, _ in await session.flow.poll() } ?? .failed("cannot lock the session")
    }

    /// What one locked visit to a session has at hand.
    private struct Session {
        var watched: WatchedSession
        var config: AWSConfig
        var cache: TokenCache
        var store: SessionStateStore
        var flow: DeviceAuthorization
    }

    /// A resolved session, or why there is none.
    private enum Resolution {
        case success(Session)
        case failure(Finding)
    }

    /// Resolves the session and runs `body` under its lock; `nil` when the lock cannot be had.
    /// A profile that cannot be resolved makes `body` never run and the answer a failure.
    private func withSession(
        _ body: (Session, inout [String: String]) async -> HealingStatus
    ) async -> HealingStatus? {
        var details: [String: String] = [:]
        switch resolve(&details) {
        case .failure(let finding): return .failed(finding.summary)
        case .success(let session):
            guard let lock = await session.store.lock(timeout: settings.timeout + .seconds(30)) else { return nil }
            defer { lock.unlock() }
            return await body(session, &details)
        }
    }

    private func resolve(_ details: inout [String: String]) -> Resolution {
        let config: AWSConfig
        do {
            config = try AWSConfig.load(environment: environment)
        } catch {
            return .failure(
                Finding(
                    state: .degraded, summary: "cannot read the AWS config \(error)",
                    remedy: "correct the AWS config file (sso-self-healing config check names it)"))
        }
        let watched: WatchedSession
        do {
            watched = try WatchedSession.resolve(selections, in: config, environment: environment)
        } catch {
            // A session or profile the AWS config lacks (`config check` reports it as an error):
            // the target stays degraded, with the reason, and the daemon goes on.
            return .failure(
                Finding(
                    state: .degraded, summary: error.description,
                    remedy: "correct sso_session or profile of the probe, or the AWS config \(config.path) "
                        + "(sso-self-healing config check names both)"))
        }
        let profile = watched.primary
        details["start_url"] = watched.startURL
        details["session"] = watched.key
        if let session = watched.sessionName { details["session_name"] = session }
        if !watched.profiles.isEmpty { details["profiles"] = watched.profiles.map(\.name).joined(separator: ", ") }
        if watched.profiles.count == 1 {
            if let account = profile.accountID { details["account_id"] = account }
            if let role = profile.roleName { details["role_name"] = role }
        }
        let home = HomeDirectory.path(environment: environment)
        let cache = TokenCache(home: home, key: profile.cacheKeySource)
        let store = SessionStateStore(stateDirectory: stateDirectory, cachePath: cache.path)
        let endpoint: ResolvedEndpoint
        do {
            endpoint = try EndpointResolver.resolve(
                .ssoOIDC, profile: profile, config: config, environment: environment)
        } catch {
            return .failure(
                Finding(
                    state: .unknown, summary: error.description,
                    remedy: FindingText.endpointRemedy))
        }
        let flow = DeviceAuthorization(
            profile: profile, subject: watched.subject,
            oidc: SSOOIDCClient(endpoint: endpoint, timeout: settings.timeout), tokenCache: cache,
            registrationCache: RegistrationCache(home: home, profile: profile), store: store, now: now, logger: logger)
        return .success(Session(watched: watched, config: config, cache: cache, store: store, flow: flow))
    }

    /// The finding and details of one check, told as they are: an expired session forecasts no
    /// end but says when it last worked, and the login remedy fits the machine.
    private func evaluate() async -> (Finding, [String: String]) {
        var details = ["mode": settings.mode.rawValue]
        let session: Session
        switch resolve(&details) {
        case .failure(let finding): return (finding, details)
        case .success(let resolved): session = resolved
        }
        var (finding, found) = await examine(session, details: details)
        if finding.state == .expired {
            // A session that cannot recover has no end ahead; a forecast begun on the token that
            // was just refused would claim one.
            if let end = found["session_expires_at"].flatMap(Timestamp.parse), end > now() {
                found["session_expires_at"] = nil
                found["session_first_seen"] = nil
            }
            let good = session.store.load().lastKnownGood
            found["last_known_good"] = good.map(Timestamp.string) ?? "never seen working"
            finding.summary += good.map { "; last known good \(Timestamp.string($0))" } ?? "; never seen working here"
        }
        if let remedy = finding.remedy, remedy == session.watched.loginCommand {
            finding.remedy = await loginRemedy(for: session.watched)
        }
        return (finding, found)
    }

    /// The login command that fits this machine (see ``LoginRemedy``); the AWS CLI's version is
    /// asked only when it matters, once.
    func loginRemedy(for watched: WatchedSession) async -> String {
        let machine = LoginRemedy.Machine(
            heals: settings.heal != nil, browserLikely: LoginRemedy.browserLikely(environment: environment))
        let cli =
            LoginRemedy.needsCLI(machine) ? await AWSCLIVersion.detect(settings.awsCLI, environment: environment) : nil
        return LoginRemedy.command(for: watched, machine: machine, cli: cli)
    }

    private func examine(_ session: Session, details: [String: String]) async -> (Finding, [String: String]) {
        var details = details
        let lock = await session.store.lock(timeout: settings.timeout + .seconds(30))
        defer { lock?.unlock() }
        if lock == nil {
            logger.warning(
                "cannot lock the session state; checking without the lock",
                metadata: ["file": "\(session.store.lockPath)"])
        }
        var (finding, found) = await runCheck(session)
        details.merge(found) { _, new in new }
        guard var login = session.store.loadLogin() else { return (finding, details) }
        if login.status == .approved, login.renewalReported != true, finding.state == .ok {
            // Approved through another process (`login`): this is the renewal's first sighting.
            login.renewalReported = true
            try? session.store.saveLogin(login)
            return (Finding(state: .ok, summary: session.flow.renewedSummary), details)
        }
        // A pending login goes on even while the session works: a person may have asked for it
        // (`sso-self-healing login` on a healthy session, to start a new one); it ends when it is
        // approved, denied or its link expires.
        guard login.status == .pending else { return (finding, details) }
        switch await session.flow.poll() {
        case .pending(let link, _):
            details.merge(link.details) { _, new in new }
        case .renewed(let summary):
            (finding, found) = await runCheck(session)
            details = ["mode": settings.mode.rawValue].merging(found) { _, new in new }
            if finding.state == .ok {
                finding = Finding(state: .ok, summary: summary)
                if var approved = session.store.loadLogin() {
                    approved.renewalReported = true
                    try? session.store.saveLogin(approved)
                }
            }
        case .ended(let reason):
            details["login_ended"] = reason
        case .failed, .idle:
            break
        }
        return (finding, details)
    }

    private func runCheck(_ session: Session) async -> (Finding, [String: String]) {
        var check = SessionCheck(
            settings: settings, session: session.watched, config: session.config, environment: environment,
            cache: session.cache, record: session.store.load(), now: now, logger: logger)
        let finding =
            switch settings.mode {
            case .native: await check.runNative()
            case .cli: await check.runCLI()
            }
        if finding.state == .ok { check.record.lastGood = now() }
        do {
            try session.store.save(check.record)
        } catch {
            logger.warning("cannot save the session state", metadata: ["error": "\(error)"])
        }
        return (finding, check.details)
    }
}
