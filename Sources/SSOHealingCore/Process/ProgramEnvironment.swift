/// The environment a program run on a channel's or a probe's behalf inherits from the daemon:
/// a few variables every program needs, and nothing else unless its table names it.
///
/// The daemon's environment holds every channel's secrets (`SLACK_WEBHOOK_URL`, a pager token
/// from `service.env`, …); a program one drop-in runs must not see another's. So an `exec`
/// program, a `PATH` plug-in, a `command` probe's plug-in, a mailer and `notify-send` start from
/// ``baseNames`` and ``basePrefixes`` only, then get what their kind needs (``desktopNames`` for
/// `notify-send`, …), then the names in their table's `pass_environment` (as systemd's
/// `PassEnvironment=`: a name the daemon does not have is simply absent), then their own
/// `environment` table over all of it.
///
/// ```swift
/// let inherited = ProgramEnvironment.inherited(from: processEnvironment, passing: ["HTTPS_PROXY"])
/// ```
public enum ProgramEnvironment {
    /// Variables every program gets when the daemon has them.
    public static let baseNames: Set<String> = ["PATH", "HOME", "LANG", "TZ", "USER", "LOGNAME"]
    /// Prefixes of variables every program gets: the locale's `LC_*`, and this program's own
    /// `SSO_SELF_HEALING_*` (an event's fields, set per run, go over the inherited ones).
    public static let basePrefixes = ["LC_", "SSO_SELF_HEALING_"]
    /// What a program showing a desktop notification needs to reach the session.
    public static let desktopNames: Set<String> = [
        "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR",
    ]
    /// What a mailer may need besides the base: its configuration (`$XDG_CONFIG_HOME/msmtp`), a
    /// keyring for `passwordeval` (through the session bus), and a place for temporary files.
    public static let mailerNames: Set<String> = [
        "XDG_CONFIG_HOME", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "TMPDIR",
    ]
    /// The proxy variables, in both spellings: curl, Python and the AWS CLI read either.
    public static let proxyNames: Set<String> = [
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
    ]
    /// Certificate bundles the AWS CLI (and the TLS libraries under it) honour besides `AWS_CA_BUNDLE`.
    public static let certificateNames: Set<String> = ["SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"]

    /// The variables of `environment` a program may inherit: the base ones, those `names` lists,
    /// and those starting with one of `prefixes` (besides ``basePrefixes``).
    public static func inherited(
        from environment: [String: String], passing names: some Sequence<String> = [String](),
        prefixes: [String] = []
    ) -> [String: String] {
        let kept = baseNames.union(names)
        let keptPrefixes = basePrefixes + prefixes
        return environment.filter { name, _ in
            kept.contains(name) || keptPrefixes.contains { name.hasPrefix($0) }
        }
    }

    /// What the AWS CLI (`mode = "cli"`) inherits: the base, every `AWS_*` variable (the
    /// profile, the config and credentials files, endpoint overrides, `AWS_CA_BUNDLE`), the
    /// proxies and certificate bundles.
    public static func awsCLI(from environment: [String: String]) -> [String: String] {
        inherited(from: environment, passing: proxyNames.union(certificateNames), prefixes: ["AWS_"])
    }
}
