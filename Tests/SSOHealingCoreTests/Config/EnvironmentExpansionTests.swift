import SSOHealingCore
import Testing

@Test func variablesAndDefaultsExpand() throws {
    let environment = ["HOST": "example.org", "EMPTY": ""]
    #expect(try EnvironmentExpansion.expand("https://${HOST}/x", environment: environment) == "https://example.org/x")
    #expect(try EnvironmentExpansion.expand("${MISSING:-fallback}", environment: environment) == "fallback")
    #expect(try EnvironmentExpansion.expand("${EMPTY:-fallback}", environment: environment) == "fallback")
    #expect(try EnvironmentExpansion.expand("${EMPTY}", environment: environment) == "")
    #expect(try EnvironmentExpansion.expand("cost $5 and $${HOST}", environment: environment) == "cost $5 and ${HOST}")
    #expect(try EnvironmentExpansion.expand("${HOST:-}", environment: [:]) == "")
}

@Test func aMissingVariableIsNamed() {
    #expect(throws: EnvironmentExpansion.Failure.missingVariable("SLACK_WEBHOOK_URL")) {
        try EnvironmentExpansion.expand("${SLACK_WEBHOOK_URL}", environment: [:])
    }
}

@Test func malformedReferencesAreRejected() {
    for text in ["${", "${HOST", "${}", "${1ABC}", "${A B}"] {
        #expect(throws: EnvironmentExpansion.Failure.self) { try EnvironmentExpansion.expand(text, environment: [:]) }
    }
}

@Test func referencedVariablesAreListed() {
    #expect(EnvironmentExpansion.referencedVariables(in: "${A}/${B:-x}/$${C}") == ["A", "B"])
}
