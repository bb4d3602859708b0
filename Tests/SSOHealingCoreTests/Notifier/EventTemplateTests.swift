import Foundation
import SSOHealingCore
import Testing

@Suite struct EventTemplateTests {
    private let event = AlertEvent(
        id: "e-1", fingerprint: "aws-sso:prod", episode: 3, transition: 4, probe: "prod", kind: "aws-sso",
        previous: .ok,
        state: .degraded, reminder: 2, summary: "line \"one\"\nline\ttwo \\ ü & <b>", remedy: nil,
        details: ["session_expires_at": "2027-02-01T09:00:00Z", "b": "x\"y"], at: Date(timeIntervalSince1970: 0),
        host: "build-mac-3", test: true)

    @Test func everyFieldRendersAsText() throws {
        let template = try EventTemplate(
            "{{probe}}|{{kind}}|{{state}}|{{previous}}|{{severity}}|{{host}}|{{at}}|{{id}}|{{fingerprint}}|"
                + "{{episode}}|{{transition}}|{{reminder}}|{{resolved}}|{{test}}|{{version}}|{{remedy}}|{{ details.b }}|{{details.none}}"
        )
        #expect(
            template.render(event)
                == "prod|aws-sso|degraded|ok|warning|build-mac-3|1970-01-01T00:00:00Z|e-1|aws-sso:prod|3|4|2|false|true|1||x\"y|"
        )
        #expect(try EventTemplate("{{summary}}").render(event) == event.summary)
    }

    @Test func jsonEscapingKeepsTheResultValidJSON() throws {
        let template = try EventTemplate(
            #"{"s": "{{summary}}", "raw": "{{raw:state}}", "d": {{details}}, "e": {{json}}, "n": {{episode}}}"#)
        let text = template.render(event, escaping: .json)
        let json = try #require(JSONValue.parse(text), "\(text)")
        #expect(json["s"]?.stringValue == event.summary)
        #expect(json["raw"]?.stringValue == "degraded")
        #expect(json["d"]?["b"]?.stringValue == "x\"y")
        #expect(json["n"]?.intValue == 3)
        let decoded = try AlertEvent.decoder().decode(AlertEvent.self, from: Data(json["e"]!.serialized().utf8))
        #expect(decoded == event)
    }

    @Test func rawOptsOutOfEscapingAndFormEscapingPercentEncodes() throws {
        let template = try EventTemplate("a={{summary}}&b={{raw:summary}}")
        #expect(template.render(event, escaping: .none) == "a=\(event.summary)&b=\(event.summary)")
        #expect(
            template.render(event, escaping: .formURLEncoded)
                == "a=line%20%22one%22%0Aline%09two%20%5C%20%C3%BC%20%26%20%3Cb%3E&b=\(event.summary)")
    }

    @Test func theContentTypePicksTheEscaping() {
        #expect(EventTemplate.Escaping(contentType: "application/json") == .json)
        #expect(EventTemplate.Escaping(contentType: "Application/JSON; charset=utf-8") == .json)
        #expect(EventTemplate.Escaping(contentType: "application/vnd.api+json") == .json)
        #expect(EventTemplate.Escaping(contentType: "application/x-www-form-urlencoded") == .formURLEncoded)
        #expect(EventTemplate.Escaping(contentType: "text/plain") == EventTemplate.Escaping.none)
    }

    @Test func quotedTextIsALiteralAndTextWithoutPlaceholdersIsKept() throws {
        #expect(try EventTemplate(#"{{"{{"}}summary}} {{ "}}" }}"#).render(event) == "{{summary}} }}")
        #expect(try EventTemplate("plain } { text").render(event) == "plain } { text")
        #expect(try EventTemplate("").render(event) == "")
        #expect(
            try EventTemplate(#"{"e":{{json}}}"#).render(event, escaping: .json) == #"{"e":\#(event.jsonString())}"#)
        #expect(try EventTemplate("{{summary}} {{details.a}} {{raw:json}}").fields == ["summary", "details.a", "json"])
    }

    @Test func malformedTemplatesAreRejectedWithTheirPlace() {
        func error(_ text: String) -> EventTemplateError? {
            do {
                _ = try EventTemplate(text)
                return nil
            } catch {
                return error
            }
        }
        #expect(error("x {{sumary}}")?.message == #"unknown field "sumary" in {{sumary}}; did you mean {{summary}}?"#)
        #expect(error("x {{sumary}}")?.offset == 2)
        #expect(error("{{raw:stat}}")?.message.contains("did you mean {{raw:state}}?") == true)
        #expect(error("{{zzzzzzzz}}")?.message.contains("known: summary") == true)
        #expect(error("abc {{summary")?.message.hasPrefix("unclosed placeholder at character 5") == true)
        #expect(error("{{ }}")?.message.hasPrefix("empty placeholder") == true)
        #expect(error("{{details.}}")?.message.contains("names no detail") == true)
        #expect(error("{{upper:summary}}")?.message.contains("unknown modifier \"upper:\"") == true)
    }
}
