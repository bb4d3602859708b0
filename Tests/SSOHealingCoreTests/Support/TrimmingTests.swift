import Foundation
import SSOHealingCore
import Testing

@Suite struct TrimmingTests {
    @Test func whitespaceAndLineBreaksAreTrimmedFromBothEnds() {
        #expect(" \t a b \t ".trimmingWhitespace() == "a b")
        #expect("\u{3000}\u{A0}x\u{200B}".trimmingWhitespace() == "x")
        #expect("\r\nline\n".trimmingWhitespace() == "\r\nline\n")
        #expect("\r\n line \n".trimmingNewlines() == " line ")
        #expect("\u{2028}x\u{85}".trimmingNewlines() == "x")
        #expect(" \r\n\t x y \n ".trimmingWhitespaceAndNewlines() == "x y")
        #expect("  ".trimmingWhitespace() == "")
        #expect("".trimmingWhitespaceAndNewlines() == "")
        #expect("a: b ".split(separator: ":")[1].trimmingWhitespace() == "b")
        #expect(" ,x, ".trimmingScalars { $0 == " " || $0 == "," } == "x")
    }

    @Test func combiningMarksAfterTrimmedSpacesStay() {
        #expect(" \u{301}x ".trimmingWhitespace().unicodeScalars.map(\.value) == [0x301, 0x78])
    }

    #if os(Linux)
        /// The classes hold what swift-corelibs-foundation's character sets hold, scalar for scalar.
        @Test func classesMatchFoundationsCharacterSets() {
            let differing = (UInt32(0)...0x10_FFFF).compactMap(Unicode.Scalar.init).filter { scalar in
                UnicodeClass.isWhitespace(scalar) != CharacterSet.whitespaces.contains(scalar)
                    || UnicodeClass.isNewline(scalar) != CharacterSet.newlines.contains(scalar)
            }
            #expect(differing.map(\.value) == [])
        }
    #endif

    @Test func trimmingMatchesFoundation() {
        let samples = [
            "", " ", "x", " x ", "\t\u{A0}x\u{2003}\n", "\n\r x \u{2029}", "\u{85}\u{200B} é \u{200A}", "a\u{3000}b",
        ]
        for text in samples {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
            #expect(text.trimmingNewlines() == text.trimmingCharacters(in: .newlines))
            #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
