import SSOHealingCore
import Testing

@Test(arguments: [
    ("90s", Duration.seconds(90)), ("10m", .seconds(600)), ("1h30m", .seconds(5400)), ("7d", .seconds(604_800)),
    ("0", .zero), ("250ms", .milliseconds(250)), ("1w2d", .seconds(9 * 86_400)), ("1m30s", .seconds(90)),
])
func durationsParse(text: String, expected: Duration) {
    #expect(ConfigDuration.parse(text) == expected)
}

@Test(arguments: ["", "10", "m", "10x", "1m1h", "10 m", "-5s", "1.5h", "10m10m", "1000000000000s", "5sm"])
func malformedDurationsAreRejected(text: String) {
    #expect(ConfigDuration.parse(text) == nil)
}

@Test func durationsFormatBackToTheirShortestForm() {
    #expect(ConfigDuration.format(.seconds(5400)) == "1h30m")
    #expect(ConfigDuration.format(.seconds(7 * 86_400)) == "1w")
    #expect(ConfigDuration.format(.zero) == "0")
    #expect(ConfigDuration.format(.milliseconds(1500)) == "1s500ms")
    for text in ["90s", "10m", "1h30m", "6d", "250ms"] {
        #expect(
            ConfigDuration.format(ConfigDuration.parse(text)!)
                == ConfigDuration.format(ConfigDuration.parse(ConfigDuration.format(ConfigDuration.parse(text)!))!))
    }
}
