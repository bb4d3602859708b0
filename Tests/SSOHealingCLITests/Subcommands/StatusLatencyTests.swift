import Foundation
import Testing

@testable import SSOHealingCLI

@Test(arguments: [0, 0.0004, 0.0005, 0.0015, 0.0025, 0.1234, 0.9999, 1.5, 12.3456, 1e10, -0.0002])
func latencyIsRoundedAsPrintfRoundsIt(seconds: Double) {
    #expect(StatusReport.wholeMilliseconds(seconds) == String(format: "%.0f", seconds * 1000))
}
