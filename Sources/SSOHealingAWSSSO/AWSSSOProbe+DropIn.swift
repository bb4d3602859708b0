import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `aws-sso` probe kind: keeps an AWS IAM Identity Center (SSO) session alive and says when it
/// degrades or needs a human `aws sso login`.
///
/// In `native` mode the probe reads the AWS CLI's token cache, refreshes the access token through
/// SSO OIDC `CreateToken` when it is within `refresh_window` of its end (at most once a minute per
/// session, writing the cache back atomically as the CLI would), then asks the SSO portal for the
/// profile's role credentials, which it checks and drops. In `cli` mode it runs
/// `aws sts get-caller-identity --profile NAME` and reads the cache to tell an expired session
/// from an unreachable AWS. Either way it forecasts the session's end from `session_lifetime` and
/// the moment it first saw the session, and reports degraded within `warn_before` of it.
///
/// A probe watches one SSO session: `sso_session = "corp"` (every profile on it, or those in
/// `profiles`), or `profile = "prod"` (that profile's session). Probes that resolve to one session
/// are one target (`aws-sso:corp`): the token is refreshed and proven once per cycle, each
/// profile's role is checked, and a change is one alert naming the session and its profiles.
///
/// ```toml
/// [probe.corp]
/// type = "aws-sso"
/// sso_session = "corp"
/// mode = "native"
/// session_lifetime = "90d"   # the IAM Identity Center session duration (8h by default, up to 90d)
/// warn_before = "7d"
/// ```
extension AWSSSOProbe {
    /// The `type` name probe tables use.
    public static let kind = "aws-sso"

    /// The IAM Identity Center default session duration, used when `session_lifetime` is not set.
    public static let defaultSessionLifetime: Duration = .seconds(8 * 3600)
    /// How long before the end of the registration (and, at most, of the session) to warn.
    public static let defaultWarnBefore: Duration = .seconds(7 * 86_400)
    /// How close to its expiry an access token is refreshed (botocore's window).
    public static let defaultRefreshWindow: Duration = .seconds(15 * 60)
    /// How long the AWS CLI may run, or one AWS request may take.
    public static let defaultTimeout: Duration = .seconds(60)
    /// How often a role whose credentials were issued is asked for again.
    public static let defaultRoleCheckInterval: Duration = .seconds(3600)

    /// How the probe heals an expired session by itself.
    public enum HealMethod: String, Sendable, CaseIterable {
        /// Start an SSO OIDC device authorization and put its approval link in the alert.
        case deviceCode = "device-code"
    }

    /// How the probe checks the session.
    public enum Mode: String, Sendable, CaseIterable {
        /// Refresh through SSO OIDC and verify with the SSO portal, in process.
        case native
        /// Run `aws sts get-caller-identity`, as the original shell check did.
        case cli
    }

    /// A probe's settings: the keys of its `[probe.NAME]` table.
    public struct Settings: Sendable, Equatable {
        /// The AWS profile whose session is watched; `nil` (with no ``ssoSession``) uses
        /// `AWS_DEFAULT_PROFILE`, `AWS_PROFILE` or `default`, as the CLI does.
        public var profile: String?
        /// The `sso-session` watched, all its profiles (or those in ``profiles``); wins over ``profile``.
        public var ssoSession: String?
        /// With ``ssoSession``: only these of its profiles have their roles checked.
        public var profiles: [String]?
        /// `native` or `cli`.
        public var mode: Mode
        /// How long before the end of the session or registration to report degraded; `nil` means
        /// 7 days for the registration and, for the session, 7 days or an eighth of
        /// `sessionLifetime`, whichever is shorter (so an 8-hour session warns an hour ahead).
        public var warnBefore: Duration?
        /// The IAM Identity Center session duration that the forecast assumes.
        public var sessionLifetime: Duration
        /// How close to its expiry the access token is refreshed (native mode).
        public var refreshWindow: Duration
        /// The AWS CLI to run (cli mode): a path or a name on `PATH`.
        public var awsCLI: String
        /// How long the AWS CLI may run (cli mode), or one AWS request may take (native mode).
        public var timeout: Duration
        /// How an expired session heals by itself; `nil` waits for a person's `aws sso login`
        /// (or `sso-self-healing login`).
        public var heal: HealMethod?
        /// How often a profile's role that was granted is checked again; the session's token is
        /// proven (with one profile's role) every check, and a role that was refused is checked
        /// every time until it is granted. Zero checks every role every time.
        public var roleCheckInterval: Duration

        /// Creates settings; the defaults are the table's.
        public init(
            profile: String? = nil, mode: Mode = .native, warnBefore: Duration? = nil,
            sessionLifetime: Duration = AWSSSOProbe.defaultSessionLifetime,
            refreshWindow: Duration = AWSSSOProbe.defaultRefreshWindow, awsCLI: String = "aws",
            timeout: Duration = AWSSSOProbe.defaultTimeout, heal: HealMethod? = nil, ssoSession: String? = nil,
            profiles: [String]? = nil, roleCheckInterval: Duration = AWSSSOProbe.defaultRoleCheckInterval
        ) {
            self.heal = heal
            self.roleCheckInterval = roleCheckInterval
            self.profile = profile
            self.ssoSession = ssoSession
            self.profiles = profiles
            self.mode = mode
            self.warnBefore = warnBefore
            self.sessionLifetime = sessionLifetime
            self.refreshWindow = refreshWindow
            self.awsCLI = awsCLI
            self.timeout = timeout
        }

        /// How long before the session's forecast end to warn.
        public var sessionWarning: Duration {
            warnBefore ?? min(AWSSSOProbe.defaultWarnBefore, sessionLifetime / 8)
        }

        /// How long before the registration's end to warn.
        public var registrationWarning: Duration { warnBefore ?? AWSSSOProbe.defaultWarnBefore }
    }

    /// The keys an `aws-sso` probe table accepts.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "sso_session", .string,
                summary: "the [sso-session NAME] of the AWS config to watch, with all its profiles"),
            ConfigKey(
                "profiles", .strings, summary: "with sso_session: only these of its profiles have their roles checked"),
            ConfigKey(
                "profile", .string,
                summary: "instead of sso_session: watch this profile's session (default: AWS_PROFILE, else \"default\")"
            ),
            ConfigKey(
                "mode", .choice(Mode.allCases.map(\.rawValue)), default: .string(Mode.native.rawValue),
                summary: "native: refresh and verify in process; cli: run aws sts get-caller-identity"),
            ConfigKey(
                "warn_before", .duration, default: .duration(defaultWarnBefore),
                summary: "degraded when the session or client registration ends within this"),
            ConfigKey(
                "session_lifetime", .duration, default: .duration(defaultSessionLifetime),
                summary: "the IAM Identity Center session duration (8h by default; admins often set up to 90d)"),
            ConfigKey(
                "refresh_window", .duration, default: .duration(defaultRefreshWindow),
                summary: "refresh the access token when it expires within this (native mode)"),
            ConfigKey(
                "role_check_interval", .duration, default: .duration(defaultRoleCheckInterval),
                summary:
                    "ask again for a granted role at most this often (0: every check); the token is proven every check"
            ),
            ConfigKey("aws_cli", .string, default: .string("aws"), summary: "the AWS CLI to run (cli mode)"),
            ConfigKey(
                "timeout", .duration, default: .duration(defaultTimeout),
                summary: "how long the AWS CLI may run, or one AWS request may take"),
            ConfigKey(
                "heal", .choice(HealMethod.allCases.map(\.rawValue)),
                summary: "device-code: on expiry, start a device authorization and put its approval link in the alert"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `aws-sso` probes from `[probe.NAME]` tables.
    public static let factory = ProbeFactory(
        schema: schema, discover: { environment in SessionDiscovery.discover(environment: environment) },
        audit: { context in audit(context) }
    ) { context in
        let section = context.section
        if let problem = problems(in: section).first(where: { $0.severity == .error }) { throw problem }
        return AWSSSOProbe(
            settings: settings(from: section), probeName: context.name, environment: context.environment,
            stateDirectory: context.stateDirectory, logger: context.logger, now: { Date() })
    }

    /// A probe with `settings`, reading the AWS config and token cache that `environment` points
    /// to (`HOME`, `AWS_CONFIG_FILE`, `AWS_PROFILE`, `AWS_ENDPOINT_URL_*`) and remembering its
    /// sessions under `stateDirectory`; `now` is the wall clock.
    public static func make(
        settings: Settings, environment: [String: String] = ProcessInfo.processInfo.environment,
        stateDirectory: String, logger: Logger = Logger(label: "sso-self-healing.aws-sso"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> some Probe {
        AWSSSOProbe(
            settings: settings, probeName: nil, environment: environment, stateDirectory: stateDirectory,
            logger: logger, now: now)
    }

    /// The settings a decoded table holds.
    public static func settings(from section: ConfigSection) -> Settings {
        Settings(
            profile: section.string("profile"),
            mode: section.string("mode").flatMap(Mode.init(rawValue:)) ?? .native,
            warnBefore: section.isGiven("warn_before") ? section.duration("warn_before") : nil,
            sessionLifetime: section.duration("session_lifetime") ?? defaultSessionLifetime,
            refreshWindow: section.duration("refresh_window") ?? defaultRefreshWindow,
            awsCLI: section.string("aws_cli") ?? "aws",
            timeout: section.duration("timeout") ?? defaultTimeout,
            heal: section.string("heal").flatMap(HealMethod.init(rawValue:)),
            ssoSession: section.string("sso_session"), profiles: section.strings("profiles"),
            roleCheckInterval: section.duration("role_check_interval") ?? defaultRoleCheckInterval)
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let profile = section.string("profile"), profile.isEmpty {
            problems.append(
                section.error("\"profile\" must not be empty: leave it out to use AWS_PROFILE", key: "profile"))
        }
        if let session = section.string("sso_session") {
            if session.isEmpty {
                problems.append(section.error("\"sso_session\" must not be empty", key: "sso_session"))
            }
            if section.isGiven("profile") {
                problems.append(
                    section.error(
                        "give \"sso_session\" or \"profile\", not both: list the session's profiles in \"profiles\"",
                        key: "profile"))
            }
        } else if section.isGiven("profiles") {
            problems.append(
                section.error(
                    "\"profiles\" needs \"sso_session\": the session whose profiles they are", key: "profiles"))
        }
        if let listed = section.strings("profiles"), listed.isEmpty || listed.contains("") {
            problems.append(
                section.error("\"profiles\" must list profile names: leave it out to check them all", key: "profiles"))
        }
        if let lifetime = section.duration("session_lifetime"), lifetime <= .zero {
            problems.append(section.error("\"session_lifetime\" must be longer than 0", key: "session_lifetime"))
        }
        if let timeout = section.duration("timeout"), timeout <= .zero {
            problems.append(section.error("\"timeout\" must be longer than 0", key: "timeout"))
        }
        if let interval = section.duration("role_check_interval"), interval < .zero {
            problems.append(section.error("\"role_check_interval\" must not be negative", key: "role_check_interval"))
        }
        if let program = section.string("aws_cli"), program.isEmpty {
            problems.append(section.error("\"aws_cli\" must not be empty", key: "aws_cli"))
        }
        if section.isGiven("warn_before"), let warn = section.duration("warn_before"),
            let lifetime = section.duration("session_lifetime"), warn >= lifetime
        {
            problems.append(
                section.warning(
                    "\"warn_before\" (\(ConfigDuration.format(warn))) is not shorter than \"session_lifetime\" "
                        + "(\(ConfigDuration.format(lifetime))): every session will be reported as ending soon",
                    key: "warn_before"))
        }
        return problems
    }
}
