import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension LoopbackHTTPServer {
    /// What the server does with a request: answer it, or misbehave in a way a test needs.
    public indirect enum Reply: Sendable {
        /// Answers with `status`, `headers` and `body`. The server sets `Content-Length` (and
        /// `Connection: close` when closing) itself, replacing any given framing headers.
        case response(status: Int, headers: HTTPHeaders, body: [UInt8])
        /// Waits for `duration` (a slow server), then does `then`. Stopping the server ends the wait.
        case delay(Duration, then: Reply)
        /// Closes the connection without answering.
        case dropConnection
        /// Never answers; the connection stays open until the server stops.
        case hang
        /// Writes `bytes` verbatim, then closes the connection (for malformed or truncated replies).
        case raw([UInt8])

        /// An empty `200 OK`.
        public static var ok: Reply { .status(200) }

        /// An answer with `status`, `headers` and an empty body.
        public static func status(_ status: Int, headers: HTTPHeaders = [:]) -> Reply {
            .response(status: status, headers: headers, body: [])
        }

        /// A `text/plain` answer.
        public static func text(_ text: String, status: Int = 200, headers: HTTPHeaders = [:]) -> Reply {
            .response(
                status: status, headers: withContentType("text/plain; charset=utf-8", headers), body: Array(text.utf8))
        }

        /// An `application/json` answer whose body is `json`, verbatim.
        public static func json(_ json: String, status: Int = 200, headers: HTTPHeaders = [:]) -> Reply {
            .response(status: status, headers: withContentType("application/json", headers), body: Array(json.utf8))
        }

        /// An `application/json` answer encoding `value` (keys sorted); a value that does not
        /// encode becomes a 500 answer.
        public static func json(encoding value: some Encodable, status: Int = 200, headers: HTTPHeaders = [:]) -> Reply
        {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            guard let data = try? encoder.encode(value) else {
                return .text("the fake could not encode its JSON answer", status: 500)
            }
            return .response(status: status, headers: withContentType("application/json", headers), body: Array(data))
        }

        private static func withContentType(_ type: String, _ headers: HTTPHeaders) -> HTTPHeaders {
            var headers = headers
            if !headers.contains("Content-Type") { headers.add("Content-Type", type) }
            return headers
        }
    }
}
