import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// Which configuration values the redactor learns, and what `config show` prints of them.
@Suite struct ConfigSecretsTests {
    private let kinds = ConfigurationKinds(
        probeKinds: [
            "command": ConfigSchema(keys: [ConfigKey("command", .strings, required: true, arguments: .afterProgram)])
        ],
        notifierTypes: [
            "bot": ConfigSchema(keys: [
                ConfigKey("api_url", .string), ConfigKey("token", .string, secret: true),
                ConfigKey("labels", .strings),
            ])
        ])

    @Test func environmentValuesFileSecretsURLUserInfoAndKeyLikeArgumentsAreRedacted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("token.txt", "FileToken-778899\n")
        try directory.write(
            "config.toml",
            """
            [probe.vpn]
            type = "command"
            command = ["/usr/bin/check_vpn", "-H", "gw.example.com", "--pass", "Pr0beSecret99"]

            """)
        try directory.write(
            "notifiers.d/10-bot.toml",
            """
            type = "bot"
            api_url = "https://relay:Rel4yPassword@bot.example/api"
            token_file = "token.txt"
            labels = ["team", "${LABEL_KEY}"]

            """)
        let configuration = try ConfigurationLoader(
            directory: directory.path, environment: ["LABEL_KEY": "EnvValue-123456"], kinds: kinds
        ).load().get()
        let toml = ConfigurationRenderer.toml(configuration)
        let json = ConfigurationRenderer.json(configuration).serialized(pretty: true)
        for output in [toml, json] {
            for secret in ["FileToken-778899", "Rel4yPassword", "relay:", "EnvValue-123456", "Pr0beSecret99"] {
                #expect(!output.contains(secret), "\(secret) in \(output)")
            }
            #expect(output.contains("https://<redacted>@bot.example/api"))
            #expect(output.contains("gw.example.com"))
            #expect(output.contains("/usr/bin/check_vpn"))
            #expect(output.contains("team"))
        }
        let redactor = configuration.redactor
        #expect(
            redactor.redact("x EnvValue-123456 FileToken-778899 Pr0beSecret99 y")
                == "x <redacted> <redacted> <redacted> y")
        #expect(Redactor.current.reveals("Rel4yPassword"))
    }
}
