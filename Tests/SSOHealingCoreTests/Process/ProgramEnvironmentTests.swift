import SSOHealingCore
import Testing

/// A program run for a channel or a probe inherits a few variables, never the daemon's secrets.
@Suite struct ProgramEnvironmentTests {
    static let daemon: [String: String] = [
        "PATH": "/usr/bin:/bin", "HOME": "/home/me", "LANG": "C.UTF-8", "LC_TIME": "en_GB.UTF-8", "TZ": "UTC",
        "USER": "me", "LOGNAME": "me", "SSO_SELF_HEALING_CONFIG_DIR": "/etc/sso",
        "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T/B/s3cr3t", "OPS_WEBHOOK_TOKEN": "t0ken",
        "AWS_PROFILE": "prod", "AWS_CA_BUNDLE": "/etc/ca.pem", "HTTPS_PROXY": "http://proxy:3128",
        "no_proxy": "localhost", "SSL_CERT_FILE": "/etc/cert.pem", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/bus",
        "DISPLAY": ":0",
    ]
    static let base: [String: String] = [
        "PATH": "/usr/bin:/bin", "HOME": "/home/me", "LANG": "C.UTF-8", "LC_TIME": "en_GB.UTF-8", "TZ": "UTC",
        "USER": "me", "LOGNAME": "me", "SSO_SELF_HEALING_CONFIG_DIR": "/etc/sso",
    ]

    @Test func aProgramInheritsTheBaseAndWhatItPassesOnly() {
        #expect(ProgramEnvironment.inherited(from: Self.daemon) == Self.base)
        var passed = Self.base
        passed["HTTPS_PROXY"] = "http://proxy:3128"
        #expect(ProgramEnvironment.inherited(from: Self.daemon, passing: ["HTTPS_PROXY", "UNSET_NAME"]) == passed)
    }

    @Test func theAWSCLIKeepsItsVariablesProxiesAndCertificatesButNoChannelSecret() {
        var expected = Self.base
        for name in ["AWS_PROFILE", "AWS_CA_BUNDLE", "HTTPS_PROXY", "no_proxy", "SSL_CERT_FILE"] {
            expected[name] = Self.daemon[name]
        }
        #expect(ProgramEnvironment.awsCLI(from: Self.daemon) == expected)
    }
}
