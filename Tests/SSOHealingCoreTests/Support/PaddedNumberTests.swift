import Foundation
import SSOHealingCore
import Testing

@Suite struct PaddedNumberTests {
    @Test func decimalsAreWrittenAsPrintfWritesThem() {
        #expect(PaddedNumber.decimal(7, width: 2) == "07")
        #expect(PaddedNumber.decimal(2026, width: 4) == "2026")
        #expect(PaddedNumber.decimal(12_345, width: 4) == "12345")
        #expect(PaddedNumber.decimal(0, width: 0) == "0")
        #expect(PaddedNumber.decimal(-1, width: 4) == "-001")
        #expect(PaddedNumber.decimal(Int.min, width: 2) == "-9223372036854775808")
        for value in [-12_345, -100, -9, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 65_535] {
            for width in 0...6 {
                #expect(PaddedNumber.decimal(value, width: width) == String(format: "%0\(width)d", value))
            }
        }
    }

    @Test func hexIsWrittenAsPrintfWritesIt() {
        #expect(PaddedNumber.hex(UInt8(0x0A), width: 2, uppercase: true) == "0A")
        #expect(PaddedNumber.hex(UInt32(0x1F), width: 4) == "001f")
        #expect(PaddedNumber.hex(UInt32(0x2028), width: 4) == "2028")
        #expect(PaddedNumber.hex(UInt32(0x1F600), width: 4) == "1f600")
        for value: UInt32 in [0, 1, 0x0F, 0x10, 0x7F, 0xFF, 0xABC, 0xFFFF, 0x10_FFFF] {
            #expect(PaddedNumber.hex(value, width: 4) == String(format: "%04x", value))
            #expect(PaddedNumber.hex(value, width: 2, uppercase: true) == String(format: "%02X", value))
        }
    }
}
