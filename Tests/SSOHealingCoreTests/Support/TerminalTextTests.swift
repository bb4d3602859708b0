import SSOHealingCore
import Testing

@Test func everyControlCharacterIsWrittenAsTheJSONLogsWriteIt() {
    #expect(
        TerminalText.escaped("\rp1: OK - all fine\u{1B}]0;owned\u{07}")
            == #"\rp1: OK - all fine\u001B]0;owned\u0007"#)
    #expect(TerminalText.escaped("a\u{0}b\nc\td\u{7F}e\u{9B}f\u{2028}") == #"a\u0000b\nc\td\u007Fe\u009Bf\u2028"#)
}

@Test func ordinaryTextIsLeftAsItIs() {
    let text = "vpn: OK - rtt 1 ms — é 😀 \\u001B stays literal"
    #expect(TerminalText.escaped(text) == text)
}

@Test func keepingLinesLeavesLineBreaksAndTabsAndEscapesTheRest() {
    #expect(TerminalText.escapedKeepingLines("a\tb\nc\rd\u{1B}") == "a\tb\nc\\rd\\u001B")
}

@Test func jsonWritesTheSameEscapesAndStillParsesBack() throws {
    let raw = "\rp1\u{1B}]0;x\u{07}\u{9B}"
    let text = JSONValue.string(raw).serialized()
    #expect(text == #""\rp1\u001B]0;x\u0007\u009B""#)
    #expect(try #require(JSONValue.parse(text)).stringValue == raw)
}
