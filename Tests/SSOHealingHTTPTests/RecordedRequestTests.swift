import Foundation
import SSOHealingTestKit
import Testing

@Suite struct RecordedRequestTests {
    @Test func queryAndFormValuesArePercentDecodedAsFoundationDecodes() {
        let values = ["plain", "x%20y", "a+b", "J%C3%B6rg", "%zz", "%4", "50%", "%E9", "%F0%9F%98%80", "%2B", "%00"]
        let query = values.enumerated().map { "k\($0.offset)=\($0.element)" }.joined(separator: "&")
        let request = RecordedRequest(method: "POST", path: "/p?" + query, body: Array(query.utf8))
        let expected = values.map { value in
            let spaced = value.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        #expect(request.queryItems.map(\.value) == expected)
        #expect(request.formItems.map(\.value) == expected)
        #expect(request.queryItems.map(\.value)[4] == "%zz")
        #expect(request.queryItems.map(\.value)[8] == "😀")
    }
}
