import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSSSO

@Suite struct EndpointResolverTests {
    /// One setup: a config, the environment, and what each service resolves to.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var config: String
        var environment: [String: String] = [:]
        var oidc: String
        var portal: String
        var sts: String

        var description: String { name }
    }

    static let session = """
        [sso-session corp]
        sso_start_url = https://d-123.awsapps.com/start
        sso_region = eu-central-1

        [services local]
        sso_oidc =
          endpoint_url = http://services-oidc:1
        sso =
          endpoint_url = http://services-sso:2

        """

    static let cases: [Case] = [
        Case(
            name: "defaults from the session's region", config: "[profile p]\nsso_session = corp\n\(session)",
            oidc: "https://oidc.eu-central-1.amazonaws.com", portal: "https://portal.sso.eu-central-1.amazonaws.com",
            sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "the services section", config: "[profile p]\nsso_session = corp\nservices = local\n\(session)",
            oidc: "http://services-oidc:1", portal: "http://services-sso:2",
            sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "the profile's endpoint_url after the services section",
            config: "[profile p]\nsso_session = corp\nservices = local\nendpoint_url = http://profile:3\n\(session)",
            oidc: "http://services-oidc:1", portal: "http://services-sso:2", sts: "http://profile:3"),
        Case(
            name: "AWS_ENDPOINT_URL before the config",
            config: "[profile p]\nsso_session = corp\nservices = local\nendpoint_url = http://profile:3\n\(session)",
            environment: ["AWS_ENDPOINT_URL": "http://global:4"], oidc: "http://global:4", portal: "http://global:4",
            sts: "http://global:4"),
        Case(
            name: "service variables before AWS_ENDPOINT_URL",
            config: "[profile p]\nsso_session = corp\nservices = local\n\(session)",
            environment: [
                "AWS_ENDPOINT_URL": "http://global:4", "AWS_ENDPOINT_URL_SSO_OIDC": "http://env-oidc:5",
                "AWS_ENDPOINT_URL_SSO": "http://env-sso:6", "AWS_ENDPOINT_URL_STS": "http://env-sts:7",
            ], oidc: "http://env-oidc:5", portal: "http://env-sso:6", sts: "http://env-sts:7"),
        Case(
            name: "empty variables are skipped",
            config: "[profile p]\nsso_session = corp\nservices = local\n\(session)",
            environment: ["AWS_ENDPOINT_URL_SSO_OIDC": "", "AWS_ENDPOINT_URL": ""], oidc: "http://services-oidc:1",
            portal: "http://services-sso:2", sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            config: "[profile p]\nsso_session = corp\nservices = local\n\(session)",
            environment: [
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE", "AWS_ENDPOINT_URL_SSO_OIDC": "http://env-oidc:5",
            ],
            oidc: "https://oidc.eu-central-1.amazonaws.com", portal: "https://portal.sso.eu-central-1.amazonaws.com",
            sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "ignore_configured_endpoint_urls in the profile",
            config:
                "[profile p]\nsso_session = corp\nservices = local\nignore_configured_endpoint_urls = true\n\(session)",
            environment: ["AWS_ENDPOINT_URL": "http://global:4"], oidc: "https://oidc.eu-central-1.amazonaws.com",
            portal: "https://portal.sso.eu-central-1.amazonaws.com", sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "the variable overrides the profile's ignore setting",
            config:
                "[profile p]\nsso_session = corp\nservices = local\nignore_configured_endpoint_urls = true\n\(session)",
            environment: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"], oidc: "http://services-oidc:1",
            portal: "http://services-sso:2", sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "a hyphenated sub-key is not botocore's",
            config:
                "[profile p]\nsso_session = corp\nservices = dash\n\(session)\n[services dash]\nsso-oidc =\n  endpoint_url = http://dash:8\n",
            oidc: "https://oidc.eu-central-1.amazonaws.com", portal: "https://portal.sso.eu-central-1.amazonaws.com",
            sts: "https://sts.eu-central-1.amazonaws.com"),
        Case(
            name: "China regions",
            config:
                "[profile p]\nsso_session = cn\n[sso-session cn]\nsso_start_url = https://x\nsso_region = cn-north-1\n",
            oidc: "https://oidc.cn-north-1.amazonaws.com.cn", portal: "https://portal.sso.cn-north-1.amazonaws.com.cn",
            sts: "https://sts.cn-north-1.amazonaws.com.cn"),
    ]

    @Test(arguments: cases)
    func resolvesInTheCLIsOrder(_ setup: Case) throws {
        let config = AWSConfig(path: "config", file: try AWSConfigFile.parse(setup.config))
        let profile = try SSOProfile.resolve("p", in: config)
        func url(_ service: AWSService) throws -> String {
            try EndpointResolver.resolve(service, profile: profile, config: config, environment: setup.environment).url
        }
        #expect(try url(.ssoOIDC) == setup.oidc)
        #expect(try url(.sso) == setup.portal)
        #expect(try url(.sts) == setup.sts)
    }

    @Test func aMissingServicesSectionIsAProblemUnlessAVariableDecidesFirst() throws {
        let config = AWSConfig(
            path: "config",
            file: try AWSConfigFile.parse("[profile p]\nsso_session = corp\nservices = gone\n\(Self.session)"))
        let profile = try SSOProfile.resolve("p", in: config)
        #expect(throws: SSOProfile.Problem(description: "profile p names services section gone, which does not exist"))
        {
            try EndpointResolver.resolve(.ssoOIDC, profile: profile, config: config, environment: [:])
        }
        let resolved = try EndpointResolver.resolve(
            .ssoOIDC, profile: profile, config: config, environment: ["AWS_ENDPOINT_URL": "http://x:1/"])
        #expect(resolved == ResolvedEndpoint(url: "http://x:1", source: "AWS_ENDPOINT_URL"))
    }

    /// Every case through botocore's own clients, as the AWS CLI creates them.
    @Test func agreesWithBotocore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var input: [JSONValue] = []
        for (index, setup) in Self.cases.enumerated() {
            let path = try directory.write("config-\(index)", setup.config)
            let region = setup.config.contains("cn-north-1") ? "cn-north-1" : "eu-central-1"
            input.append(
                .object([
                    ("config", .string(path)), ("region", .string(region)),
                    (
                        "environment",
                        .object(setup.environment.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                    ),
                ]))
        }
        let script = #"""
            import json, os, sys
            import botocore.session
            from botocore import UNSIGNED
            from botocore.config import Config
            results = []
            base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            for case in json.load(sys.stdin):
                os.environ.clear()
                os.environ.update(base)
                os.environ.update(case["environment"])
                os.environ["AWS_CONFIG_FILE"] = case["config"]
                os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
                session = botocore.session.Session(profile="p")
                urls = []
                for service in ("sso-oidc", "sso", "sts"):
                    client = session.create_client(service, config=Config(region_name=case["region"], signature_version=UNSIGNED))
                    urls.append(client.meta.endpoint_url.rstrip("/"))
                results.append(urls)
            print(json.dumps(results))
            """#
        let output = try await Python.run(script, stdin: JSONValue.array(input).serialized())
        #expect(output.exitStatus == 0, "\(output.stderrText.suffix(600))")
        let expected = try #require(JSONValue.parse(output.stdoutText)?.arrayValue)
        for (index, setup) in Self.cases.enumerated() {
            let urls = expected[index].arrayValue?.compactMap(\.stringValue) ?? []
            #expect(urls == [setup.oidc, setup.portal, setup.sts], "\(setup.name)")
        }
    }
}
