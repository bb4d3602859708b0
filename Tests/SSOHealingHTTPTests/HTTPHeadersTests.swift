import SSOHealingCore
import SSOHealingHTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func keepsOrderAndDuplicatesAndLooksUpIgnoringCase() {
        var headers: HTTPHeaders = ["Accept": "a", "X-Id": "1"]
        headers.add("x-id", "2")

        #expect(headers.names == ["Accept", "X-Id", "x-id"])
        #expect(headers["X-ID"] == "1")
        #expect(headers.values(for: "x-Id") == ["1", "2"])
        #expect(headers.contains("accept"))
        #expect(!headers.contains("Accept-Encoding"))
        #expect(headers.count == 3)
    }

    @Test func settingReplacesEveryFieldOfTheNameInPlace() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])

        headers["a"] = "new"
        #expect(headers.names == ["A", "B", "C"])
        #expect(headers["A"] == "new")

        headers["D"] = "appended"
        #expect(headers.names.last == "D")

        headers["b"] = nil
        #expect(headers.names == ["A", "C", "D"])
        headers.remove("c")
        #expect(headers.names == ["A", "D"])
    }

    @Test func equalityIgnoresNameCaseButNotValuesOrOrder() {
        let headers: HTTPHeaders = ["A": "1", "B": "2"]

        #expect(headers == ["a": "1", "b": "2"])
        #expect(headers != ["A": "1", "B": "3"])
        #expect(headers != ["B": "2", "A": "1"])
    }

    @Test func descriptionsShowNamesButNeverValues() {
        let headers: HTTPHeaders = ["Authorization": "Bearer SecretValue", "Cookie": "s=SecretCookie"]
        var dumped = ""
        dump(headers, to: &dumped)

        for text in ["\(headers)", String(reflecting: headers), dumped] {
            #expect(text.contains("Authorization"))
            #expect(!text.contains("SecretValue") && !text.contains("SecretCookie"))
        }
    }
}
