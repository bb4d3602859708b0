import Foundation
import SSOHealingTestKit
import Testing

/// The golden files' decoder is strict: an undocumented key, a missing one, or a value outside
/// the documented ones is an error, so a golden comparison cannot pass by ignoring a key.
@Suite struct DocumentedEventTests {
    static let valid: [String: String] = [
        "version": "1", "id": "\"0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e\"", "fingerprint": "\"command:vpn\"",
        "episode": "1", "transition": "0", "probe": "\"vpn\"", "kind": "\"command\"", "previous": "\"ok\"",
        "state": "\"expired\"", "severity": "\"critical\"", "reminder": "0", "resolved": "false",
        "summary": "\"down\"", "details": "{}", "at": "\"2030-03-17T17:46:50Z\"", "host": "\"h\"", "test": "false",
    ]

    static func json(_ fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    @Test func theDocumentedKeysDecode() throws {
        let event = try DocumentedEvent.decode(Self.json(Self.valid))
        #expect(event.keys == DocumentedEvent.requiredKeys)
        #expect(event.remedy == nil && event.since == nil)
    }

    @Test(arguments: ["extra", "lastEvent", "Severity"])
    func anUndocumentedKeyIsAnError(_ key: String) {
        var fields = Self.valid
        fields[key] = "1"
        #expect(throws: DocumentedEvent.Mismatch.self) { try DocumentedEvent.decode(Self.json(fields)) }
    }

    @Test(arguments: DocumentedEvent.requiredKeys.sorted())
    func aMissingKeyIsAnError(_ key: String) {
        var fields = Self.valid
        fields.removeValue(forKey: key)
        #expect(throws: DocumentedEvent.Mismatch.self) { try DocumentedEvent.decode(Self.json(fields)) }
    }

    @Test(arguments: [
        ("state", "\"unknown\""), ("severity", "\"error\""), ("at", "\"2030-03-17 17:46:50\""),
        ("at", "\"2030-03-17T17:46:50.000Z\""), ("episode", "\"1\""), ("details", "{\"n\": 1}"),
    ])
    func aValueOutsideTheDocumentedOnesIsAnError(_ key: String, _ value: String) {
        var fields = Self.valid
        fields[key] = value
        #expect(throws: (any Error).self) { try DocumentedEvent.decode(Self.json(fields)) }
    }

    @Test func identifiersAreLowerCaseUUIDs() {
        #expect(DocumentedEvent.isLowercaseUUID("0b6c3e1e-7d2a-4c59-9a3e-5f0f1b2c3d4e"))
        #expect(!DocumentedEvent.isLowercaseUUID("0B6C3E1E-7D2A-4C59-9A3E-5F0F1B2C3D4E"))
        #expect(!DocumentedEvent.isLowercaseUUID("0b6c3e1e7d2a4c599a3e5f0f1b2c3d4e"))
    }
}
