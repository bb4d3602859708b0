import SSOHealingCore
import Testing

@Suite struct ErrorExcerptTests {
    @Test func secretsAreHiddenLongestFirstInAnyCaseAndWhitespaceCollapsed() {
        let text = ErrorExcerpt.excerpt(
            of: "  denied:\n  token abcd-123-xyz   (ABCD)  ", hiding: ["abcd", "abcd-123-xyz", ""], repeating: "{}")
        #expect(text == "denied: token <redacted> (<redacted>)")
    }

    @Test func anEchoOfTheInputIsNotQuoted() {
        let input = "From: alerts@example.com\r\nSubject: a long subject line here\r\n\r\nbody"
        #expect(
            ErrorExcerpt.excerpt(
                of: "bad: From: alerts@example.com Subject", hiding: [], repeating: input,
                inputName: "the message") == "(its error output repeats the message and is not shown)")
        #expect(ErrorExcerpt.excerpt(of: "   ", hiding: [], repeating: input) == nil)
        #expect(ErrorExcerpt.excerpt(of: "quota exceeded", hiding: [], repeating: input) == "quota exceeded")
    }

    @Test func longTextIsCut() {
        let text = ErrorExcerpt.excerpt(of: String(repeating: "x", count: 500), hiding: [], repeating: "")
        #expect(text?.count == ErrorExcerpt.maxLength)
        #expect(text?.hasSuffix("…") == true)
    }
}
