import Foundation
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

@Suite struct AWSConfigFileTests {
    static let sample = """
        # a comment
        ; another comment
        [DEFAULT]
        cli_pager =

        [default]
        region = us-west-2
        output=json

        [profile prod]
        sso_session = corp
        SSO_Account_ID = 111122223333
        sso_role_name: Admin
        services = local
        note = keeps # what looks like a comment
        multi = first
          second line

          third after a blank

        [profile "with space"]
        sso_start_url = https://x.awsapps.com/start
        sso_region = us-east-1

        [sso-session corp]
        sso_start_url = https://d-123.awsapps.com/start
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access

        [services local]
        sso_oidc =
          endpoint_url = http://127.0.0.1:1
          Other = x=y
        sso =
          endpoint_url = http://127.0.0.1:2

        [profile]
        orphan = 1

        [profile a b]
        ignored = 1

        [profiles oddity]
        kept = yes

        [preview]
        cloudfront = true
        """

    @Test func readsEverySectionKindAsBotocoreDoes() throws {
        let config = AWSConfig(path: "sample", file: try AWSConfigFile.parse(Self.sample))
        #expect(config.profiles.keys.sorted() == ["default", "oddity", "prod", "with space"])
        let prod = try #require(config.profiles["prod"])
        #expect(prod["sso_account_id"] == .string("111122223333"))
        #expect(prod["sso_role_name"] == .string("Admin"))
        #expect(prod["note"] == .string("keeps # what looks like a comment"))
        #expect(prod["multi"] == .string("first\nsecond line\n\nthird after a blank"))
        #expect(prod["cli_pager"] == .string(""), "[DEFAULT] is inherited")
        #expect(config.ssoSessions["corp"]?["sso_region"] == .string("us-east-1"))
        #expect(
            config.services["local"]?["sso_oidc"] == .nested(["endpoint_url": "http://127.0.0.1:1", "Other": "x=y"]))
        #expect(config.services["local"]?["sso"] == .nested(["endpoint_url": "http://127.0.0.1:2"]))
        #expect(config.profiles["with space"]?["sso_region"] == .string("us-east-1"))
    }

    @Test(arguments: [
        ("[a]\nx = 1\n[a]\ny = 2\n", "duplicate section"),
        ("[a]\nx = 1\nX = 2\n", "duplicate key"),
        ("x = 1\n[a]\n", "before any [section]"),
        ("[a]\njust words\n", "not a key = value line"),
        ("[a]\nsso =\n  no equals here\n", "without ="),
    ])
    func rejectsWhatPythonsParserRejects(text: String, reason: String) {
        #expect(throws: AWSConfigError.self) { try AWSConfigFile.parse(text) }
        do {
            _ = try AWSConfigFile.parse(text)
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func splitsSectionNamesAsAShellWould() {
        #expect(ShellWords.split("profile \"my prod\"") == ["profile", "my prod"])
        #expect(ShellWords.split("profile 'a b'") == ["profile", "a b"])
        #expect(ShellWords.split("profile a\\ b") == ["profile", "a b"])
        #expect(ShellWords.split("profile \"unterminated") == nil)
    }

    /// The same files through botocore's own `raw_config_parse` and `build_profile_map`.
    @Test func agreesWithBotocoreOnEveryCase() async throws {
        let cases = [
            Self.sample, "[a]\nx = 1\n[a]\ny = 2\n", "[profile p]\n  indented = first\nnext = 2\n",
            "[profile p]\nregion = us-east-1\n\n\n  continued = yes\n", "[sso-session s]\nsso_region=eu-west-1\n",
            "[services s]\nsts =\n  endpoint_url = http://h:1\n\n  region = x\n", "[default]\n[default]\n",
        ]
        let script = #"""
            import json, os, sys, tempfile
            from botocore.configloader import raw_config_parse, build_profile_map
            results = []
            for text in json.load(sys.stdin):
                with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as handle:
                    handle.write(text)
                try:
                    mapped = build_profile_map(raw_config_parse(handle.name))
                    results.append({k: mapped[k] for k in ("profiles", "sso_sessions", "services")})
                except Exception as error:
                    results.append("error")
                os.unlink(handle.name)
            print(json.dumps(results, sort_keys=True, ensure_ascii=False))
            """#
        let input = JSONValue.array(cases.map(JSONValue.string)).serialized()
        let output = try await Python.run(script, stdin: input)
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        let expected = try #require(JSONValue.parse(output.stdoutText)?.arrayValue)
        for (index, text) in cases.enumerated() {
            let ours: JSONValue
            do {
                let config = AWSConfig(path: "case", file: try AWSConfigFile.parse(text))
                ours = .object([
                    ("profiles", Self.json(config.profiles)), ("services", Self.json(config.services)),
                    ("sso_sessions", Self.json(config.ssoSessions)),
                ])
            } catch {
                ours = .string("error")
            }
            #expect(ours == expected[index], "case \(index):\n\(text)")
        }
    }

    static func json(_ sections: [String: AWSConfig.Section]) -> JSONValue {
        .object(
            sections.keys.sorted().map { name in
                let section = sections[name]!
                return (
                    name,
                    .object(
                        section.keys.sorted().map { key in
                            switch section[key]! {
                            case .string(let value): (key, .string(value))
                            case .nested(let values):
                                (key, .object(values.keys.sorted().map { ($0, .string(values[$0]!)) }))
                            }
                        })
                )
            })
    }
}
