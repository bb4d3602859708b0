/// Integers written at a fixed width with leading zeros, as C's `printf` writes `%0Nd`, `%0Nx`
/// and `%0NX`.
///
/// ```swift
/// PaddedNumber.decimal(7, width: 2)               // "07"
/// PaddedNumber.hex(0x1F, width: 4)                // "001f"
/// PaddedNumber.hex(0xAB, width: 2, uppercase: true) // "AB"
/// ```
public enum PaddedNumber {
    /// `value` in decimal, zero-padded to `width` characters; a minus sign counts in the width.
    public static func decimal(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let zeros = max(0, width - sign.count - digits.count)
        return sign + String(repeating: "0", count: zeros) + digits
    }

    /// `value` in hexadecimal, zero-padded to `width` digits.
    public static func hex(_ value: some UnsignedInteger, width: Int, uppercase: Bool = false) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
