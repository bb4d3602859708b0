#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Errors as one line for people, in the words Foundation's `localizedDescription` uses for
/// file errors.
enum ErrorText {
    /// `error` for a message: "The operation could not be completed. You don’t have permission."
    static func describe(_ error: any Error) -> String {
        #if canImport(FoundationEssentials)
            guard let error = error as? CocoaError else { return "\(error)" }
            let reason = reasons[error.code.rawValue] ?? "(NSCocoaErrorDomain error \(error.code.rawValue).)"
            return "The operation could not be completed. \(reason)"
        #else
            return error.localizedDescription
        #endif
    }

    /// What swift-corelibs-foundation says for each file error code.
    private static let reasons: [Int: String] = [
        4: "The file doesn’t exist.",
        255: "The file couldn’t be locked.",
        257: "You don’t have permission.",
        258: "The file name is invalid.",
        259: "The file isn’t in the correct format.",
        260: "The file doesn’t exist.",
        261: "The specified text encoding isn’t applicable.",
        262: "The specified URL type isn’t supported.",
        263: "The item is too large.",
        264: "The text encoding of the contents couldn’t be determined.",
        513: "You don’t have permission.",
        514: "The file name is invalid.",
        516: "A file with the same name already exists.",
        517: "The specified text encoding isn’t applicable.",
        518: "The specified URL type isn’t supported.",
        640: "There isn’t enough space.",
        642: "The volume is read only.",
    ]
}
