import Foundation
import Logging
import SSOHealingCore

/// The `aws-sso` probe: resolves the profile, takes the session's lock, runs the check of its mode
/// and turns the finding into a result.
struct SessionProbe: Probe {
    let settings: AWSSSOProbe.Settings
    let environment: [String: String]
    let stateDirectory: String
    let logger: Logger
    let now: @Sendable () -> Date

    func check() async -> ProbeResult {
        let start = ContinuousClock.now
        let (finding, details) = await evaluate()
        return ProbeResult(
            state: finding.state, summary: finding.summary, remedy: finding.state == .ok ? nil : finding.remedy,
            details: details, at: now(), latencySeconds: start.duration(to: .now).secondsValue)
    }

    private func evaluate() async -> (Finding, [String: String]) {
        let profileName = settings.profile ?? AWSConfig.defaultProfileName(environment: environment)
        var details = ["mode": settings.mode.rawValue]
        let config: AWSConfig
        do {
            config = try AWSConfig.load(environment: environment)
        } catch {
            return (Finding(state: .unknown, summary: "cannot read the AWS config \(error)"), details)
        }
        let profile: SSOProfile
        do {
            profile = try SSOProfile.resolve(profileName, in: config)
        } catch {
            return (Finding(state: .unknown, summary: error.description), details)
        }
        details["start_url"] = profile.startURL
        if let session = profile.sessionName { details["session_name"] = session }
        if let account = profile.accountID { details["account_id"] = account }
        if let role = profile.roleName { details["role_name"] = role }

        let cache = TokenCache(home: HomeDirectory.path(environment: environment), key: profile.cacheKeySource)
        let store = SessionStateStore(stateDirectory: stateDirectory, cachePath: cache.path)
        let lock = await store.lock(timeout: settings.timeout + .seconds(30))
        defer { lock?.unlock() }
        if lock == nil {
            logger.warning(
                "cannot lock the session state; checking without the lock", metadata: ["file": "\(store.lockPath)"])
        }
        var check = SessionCheck(
            settings: settings, profile: profile, config: config, environment: environment, cache: cache,
            record: store.load(), now: now, logger: logger)
        let finding =
            switch settings.mode {
            case .native: await check.runNative()
            case .cli: await check.runCLI()
            }
        do {
            try store.save(check.record)
        } catch {
            logger.warning("cannot save the session state", metadata: ["error": "\(error)"])
        }
        return (finding, details.merging(check.details) { _, new in new })
    }
}
