#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Ways a state file gets damaged, each as the bytes it is left with: the cases the state
/// store must survive without sending an acknowledged alert again.
public enum StateDamage: String, CaseIterable, Sendable {
    case truncated, garbage, emptyArray, null, ledgerOfTheWrongType, empty

    /// What the file holds after the damage, given what it held.
    public func bytes(from original: Data) -> Data {
        switch self {
        case .truncated: original.prefix(original.count / 2)
        case .garbage: Data([0xFF, 0xFE, 0x00, 0x13, 0x37, 0x7B, 0x22, 0xC3, 0x28, 0x0A])
        case .emptyArray: Data("[]".utf8)
        case .null: Data("null".utf8)
        case .ledgerOfTheWrongType: Data(#"{"version":1,"ledger":"x"}"#.utf8)
        case .empty: Data()
        }
    }
}
