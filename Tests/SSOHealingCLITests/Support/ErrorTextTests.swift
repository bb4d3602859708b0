import Foundation
import Testing

@testable import SSOHealingCLI

@Suite struct ErrorTextTests {
    /// The words match those Foundation's `localizedDescription` has for the same errors.
    @Test(arguments: [4, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 512, 513, 514, 516, 517, 518, 640, 642])
    func fileErrorsReadAsFoundationWroteThem(code: Int) {
        let error = CocoaError(CocoaError.Code(rawValue: code))
        #expect(ErrorText.describe(error) == error.localizedDescription)
    }

    @Test func aFailedRemovalSaysWhy() throws {
        do {
            try FileManager.default.removeItem(atPath: "/nonexistent-4b1e7c2a-sso-self-healing/file")
            Issue.record("removing a missing file succeeded")
        } catch {
            #expect(ErrorText.describe(error) == "The operation could not be completed. The file doesn’t exist.")
        }
    }

    @Test func otherErrorsAreDescribed() {
        struct Failure: Error, CustomStringConvertible { var description: String { "it broke" } }
        #expect(ErrorText.describe(Failure()) == "it broke")
    }
}
