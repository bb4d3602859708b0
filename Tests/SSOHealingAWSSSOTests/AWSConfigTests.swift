import Foundation
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSSSO

@Suite struct AWSConfigTests {
    @Test func readsTheFileThatAWSConfigFileNamesWithVariablesAndTildeExpanded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("elsewhere/config", "[profile x]\nsso_session = s\n")
        let config = try AWSConfig.load(environment: [
            "HOME": directory.path, "AWS_CONFIG_FILE": "~/${WHERE}/config", "WHERE": "elsewhere",
        ])
        #expect(config.path == directory.file("elsewhere/config"))
        #expect(config.exists)
        #expect(config.profiles["x"]?["sso_session"] == .string("s"))
    }

    @Test func defaultsToTheConfigInHomeAndTreatsAMissingFileAsEmpty() throws {
        let config = try AWSConfig.load(environment: ["HOME": "/nonexistent-home"])
        #expect(config.path == "/nonexistent-home/.aws/config")
        #expect(!config.exists && config.profiles.isEmpty)
        #expect(throws: SSOProfile.Problem.self) { try SSOProfile.resolve("prod", in: config) }
    }

    @Test func picksTheProfileAsTheCLIDoes() {
        #expect(AWSConfig.defaultProfileName(environment: [:]) == "default")
        #expect(AWSConfig.defaultProfileName(environment: ["AWS_PROFILE": "a"]) == "a")
        #expect(AWSConfig.defaultProfileName(environment: ["AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b"]) == "b")
    }

    static let profiles = """
        [profile modern]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Admin

        [profile token-only]
        sso_session = corp

        [profile legacy]
        sso_start_url = https://old.awsapps.com/start
        sso_region = eu-west-1
        sso_account_id = 444455556666
        sso_role_name = Reader

        [profile dangling]
        sso_session = nope

        [profile conflicting]
        sso_session = corp
        sso_region = eu-west-1

        [profile incomplete]
        sso_session = half

        [profile static]
        aws_access_key_id = AKIDEXAMPLE

        [sso-session corp]
        sso_start_url = https://d-123.awsapps.com/start
        sso_region = us-east-1

        [sso-session half]
        sso_start_url = https://d-456.awsapps.com/start
        """

    @Test func resolvesSessionAndLegacyProfiles() throws {
        let config = AWSConfig(path: "config", file: try AWSConfigFile.parse(Self.profiles))
        let modern = try SSOProfile.resolve("modern", in: config)
        #expect(modern.sessionName == "corp" && modern.startURL == "https://d-123.awsapps.com/start")
        #expect(modern.region == "us-east-1" && modern.accountID == "111122223333" && modern.roleName == "Admin")
        #expect(modern.cacheKeySource == "corp" && !modern.isLegacy)
        #expect(modern.loginCommand == "aws sso login --profile modern")
        let tokenOnly = try SSOProfile.resolve("token-only", in: config)
        #expect(tokenOnly.accountID == nil && tokenOnly.roleName == nil)
        let legacy = try SSOProfile.resolve("legacy", in: config)
        #expect(
            legacy.isLegacy && legacy.cacheKeySource == "https://old.awsapps.com/start" && legacy.region == "eu-west-1")
    }

    @Test(arguments: [
        ("missing", "profile missing not found in config"),
        ("dangling", "profile dangling names sso-session nope, which does not exist"),
        ("conflicting", "profile conflicting and sso-session corp disagree on sso_region"),
        ("incomplete", "sso-session half lacks sso_region"),
        ("static", "profile static is not an IAM Identity Center (SSO) profile"),
    ])
    func explainsProfilesItCannotUse(name: String, problem: String) throws {
        let config = AWSConfig(path: "config", file: try AWSConfigFile.parse(Self.profiles))
        #expect(throws: SSOProfile.Problem(description: problem)) { try SSOProfile.resolve(name, in: config) }
    }
}
