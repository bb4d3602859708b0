import SSOHealingCore
import Testing

@Test func jsonRoundTripsAndKeepsKeyOrder() throws {
    let text = #"{"z":1,"a":[true,false,null,"x\n\"y\"",1.5,-2],"m":{"k":"\u00e9\ud83d\ude00"}}"#
    let value = try #require(JSONValue.parse(text))
    #expect(value.serialized() == #"{"z":1,"a":[true,false,null,"x\n\"y\"",1.5,-2],"m":{"k":"é😀"}}"#)
    #expect(value["m"]?["k"]?.stringValue == "é😀")
}

@Test func invalidJSONIsRejected() {
    for text in [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "tru", "[1] x", String(repeating: "[", count: 10_000),
    ] {
        #expect(JSONValue.parse(text) == nil, "\(text.prefix(20))")
    }
}
