import SSOHealingCore
import SSOHealingHTTP

/// The error code of an AWS REST-JSON error response, read as botocore reads it: the
/// `x-amzn-ErrorType` header up to its first `:`, else the body's `__type` (after any `#`) or
/// `code`; plus SSO OIDC's OAuth-style body field `error` (`invalid_grant`).
struct AWSErrorResponse: Sendable, Equatable {
    /// The HTTP status.
    var status: Int
    /// The exception name, such as `InvalidGrantException`, when one was given.
    var exception: String?
    /// The OAuth error, such as `invalid_grant`, when one was given.
    var oauthError: String?

    /// Reads the code from `response`.
    init(_ response: HTTPResponse) {
        status = response.status
        var exception = response.headers["x-amzn-ErrorType"].map { String($0.prefix { $0 != ":" }) }
        let body = JSONValue.parse(String(decoding: response.body, as: UTF8.self))
        if exception?.isEmpty ?? true {
            let type = body?["__type"]?.stringValue ?? body?["code"]?.stringValue
            exception = type.map { $0.split(separator: "#").last.map(String.init) ?? $0 }
        }
        self.exception = exception.flatMap { $0.isEmpty ? nil : Self.safe($0) }
        oauthError = body?["error"]?.stringValue.flatMap(Self.safe)
    }

    /// Creates a response description directly.
    init(status: Int, exception: String? = nil, oauthError: String? = nil) {
        self.status = status
        self.exception = exception
        self.oauthError = oauthError
    }

    /// The OAuth-style name of the error (`invalid_grant`), from the body or derived from the
    /// exception name (`InvalidGrantException` → `invalid_grant`).
    var code: String? {
        if let oauthError { return oauthError }
        guard var name = exception else { return nil }
        if name.hasSuffix("Exception") { name.removeLast("Exception".count) }
        var snake = ""
        for character in name {
            if character.isUppercase, !snake.isEmpty { snake.append("_") }
            snake.append(contentsOf: character.lowercased())
        }
        return snake
    }

    /// The code as summaries show it: `invalid_grant`, else the exception, else the status.
    var label: String { code ?? exception ?? "HTTP \(status)" }

    /// Only short identifier-like codes are repeated in messages; anything else is dropped, so a
    /// hostile or broken server cannot make a summary carry arbitrary text.
    private static func safe(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 64,
            trimmed.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "-")
            })
        else { return nil }
        return trimmed
    }
}
