import Foundation
import Logging
import SSOHealingAppriseNotifier
import SSOHealingCore
import SSOHealingNotifierConformance
import SSOHealingTestKit
import Testing

@Suite struct AppriseConfigurationTests {
    @Test func aMissingAppriseIsAConfigurationErrorAtTheCommandKeySayingHowToInstallIt() throws {
        let toml = """
            type = "apprise"
            urls = ["json://127.0.0.1:9/hook"]
            command = "/nonexistent/bin/apprise"
            """
        let error = #expect(throws: DropIn.LoadError.self) {
            _ = try DropIn.configuration(toml, type: AppriseNotifier.type, factory: AppriseNotifier.factory)
        }
        let message = error?.description ?? ""
        #expect(message.contains("notifiers.d/10-test.toml:3:11: "), "\(message)")
        #expect(message.contains("/nonexistent/bin/apprise"), "\(message)")
        #expect(message.contains("pip install apprise"), "\(message)")
    }

    @Test func theFactoryRefusesAChannelWhenAppriseIsNotOnThePath() throws {
        let configuration = try DropIn.configuration(
            """
            type = "apprise"
            urls = ["json://127.0.0.1:9/hook"]
            command = "/bin/sh"
            """, type: AppriseNotifier.type, factory: AppriseNotifier.factory)
        var section = configuration.section
        section.values["command"] = .string("apprise")
        var withoutCommand = configuration
        withoutCommand.section = section
        let context = NotifierContext(
            configuration: withoutCommand, logger: Logger(label: "test.apprise"),
            environment: ["PATH": "/nonexistent/bin"])
        let error = #expect(throws: ConfigDiagnostic.self) { _ = try AppriseNotifier.factory.make(context) }
        #expect(error?.message.contains("apprise") == true, "\(String(describing: error))")
        #expect(error?.message.contains("pip install apprise") == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("discord-s3cr3t-token", "has no scheme"),
        ("ops=json://host/s3cr3t-path", "does not start with a scheme"),
        ("json://", "has nothing after"),
    ])
    func aURLThatIsNotAnAppriseURLIsAnErrorThatDoesNotQuoteIt(url: String, problem: String) throws {
        let toml = """
            type = "apprise"
            urls = ["json://127.0.0.1:9/fine", "\(url)"]
            command = "/bin/sh"
            """
        let error = #expect(throws: DropIn.LoadError.self) {
            _ = try DropIn.configuration(toml, type: AppriseNotifier.type, factory: AppriseNotifier.factory)
        }
        let message = error?.description ?? ""
        #expect(message.contains("URL 2 of \"urls\" \(problem)"), "\(message)")
        #expect(!message.contains("s3cr3t"), "\(message)")
    }

    @Test func anEmptyURLListIsAnError() throws {
        let error = #expect(throws: DropIn.LoadError.self) {
            _ = try DropIn.configuration(
                "type = \"apprise\"\nurls = []\ncommand = \"/bin/sh\"\n", type: AppriseNotifier.type,
                factory: AppriseNotifier.factory)
        }
        #expect(error?.description.contains("\"urls\" must name at least one Apprise URL") == true)
    }

    @Test func theNotificationTypeFollowsResolutionThenSeverity() {
        #expect(AppriseNotifier.notificationType(for: appriseEvent(.ok, "r")) == "success")
        #expect(AppriseNotifier.notificationType(for: appriseEvent(.degraded, "d")) == "warning")
        #expect(AppriseNotifier.notificationType(for: appriseEvent(.expired, "e")) == "failure")
        #expect(
            AppriseNotifier.title(for: appriseEvent(.expired, "t", test: true)) == "[test] prod: expired on build-mac-3"
        )
    }
}
