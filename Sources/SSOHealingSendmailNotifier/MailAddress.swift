/// One mailbox as a drop-in writes it: `ops@example.com`, `Ops Team <ops@example.com>` or
/// `"Ops, Team" <ops@example.com>`.
///
/// The address itself must be ASCII (`local@domain`, the domain in its `xn--` form when it is
/// internationalised); the display name may be any text and is encoded for the header as needed.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any, unquoted.
    public var displayName: String?
    /// The address, `local@domain`.
    public var address: String

    /// Parses `text`; throws a ``MailAddressError`` saying what is wrong.
    public init(_ text: String) throws(MailAddressError) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw MailAddressError("an empty address") }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw MailAddressError("\"\(trimmed.escapingControls())\" contains a line break or control character")
        }
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = String(trimmed[..<open]).trimmingSpaces()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingEscapes()
            }
            displayName = name.isEmpty ? nil : name
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
                .trimmingSpaces()
        } else {
            displayName = nil
            address = trimmed
        }
        if let problem = Self.problem(in: address) {
            throw MailAddressError("\"\(trimmed)\" is not a mail address: \(problem)")
        }
    }

    /// The mailbox as written back: `Name <address>` or `address`.
    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    /// The mailbox as an RFC 5322 header value, the display name quoted or encoded as needed.
    var headerValue: String {
        guard let displayName else { return address }
        return MailHeader.phrase(displayName) + " <\(address)>"
    }

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    private static func problem(in address: String) -> String? {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "it needs exactly one \"@\", as in ops@example.com" }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty else { return "the part before \"@\" is empty" }
        guard !domain.isEmpty else { return "the domain after \"@\" is empty" }
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard
            localAtoms.allSatisfy({ atom in
                !atom.isEmpty
                    && atom.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || atextSymbols.contains($0) }
            })
        else { return "the part before \"@\" may hold letters, digits, dots and !#$%&'*+-/=?^_`{|}~" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard
            labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
            })
        else {
            return
                "the domain must be ASCII labels of letters, digits and hyphens (write an international one as xn--…)"
        }
        return nil
    }
}

/// Why a ``MailAddress`` could not be parsed.
public struct MailAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short lower-case phrase naming the offending address.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension StringProtocol {
    fileprivate func escapingControls() -> String {
        var output = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: output += "?"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A quoted string's content with its backslash escapes undone.
    fileprivate func replacingEscapes() -> String {
        var output = ""
        var escaped = false
        for character in self {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            output.append(character)
        }
        return output
    }
}
