/// The state's generation number as it is stored: a plain JSON integer, read as 0 from a file
/// written before the state had generations.
///
/// Wraps ``EngineState/generation`` so that the synthesized `Codable` conformance of
/// ``EngineState`` decodes an absent `generation` key as 0 instead of failing.
@propertyWrapper
public struct GenerationNumber: Sendable, Codable, Equatable {
    /// The number.
    public var wrappedValue: Int

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Int) {
        self.wrappedValue = wrappedValue
    }

    /// Reads the plain integer.
    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Int.self)
    }

    /// Writes the plain integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// A generation number, 0 when the key is absent (files from before generations).
    func decode(_ type: GenerationNumber.Type, forKey key: Key) throws -> GenerationNumber {
        try decodeIfPresent(type, forKey: key) ?? GenerationNumber(wrappedValue: 0)
    }
}
