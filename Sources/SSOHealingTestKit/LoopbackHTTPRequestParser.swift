import SSOHealingCore
import SSOHealingHTTP

/// Where `LoopbackHTTPRequestParser` gets its bytes (a socket, or an array in tests).
protocol LoopbackByteSource {
    /// Appends newly arrived bytes to `buffer`, waiting for some; `false` at the end of the stream.
    mutating func receive(into buffer: inout [UInt8]) throws(LoopbackHTTPParseError) -> Bool
}

/// Why a request could not be read.
enum LoopbackHTTPParseError: Error, Equatable {
    /// The server is stopping.
    case stopped
    /// The stream ended inside a request.
    case truncated
    /// Reading failed with this `errno`.
    case ioFailure(Int32)
    /// The bytes are not an HTTP/1.x request; the text says why.
    case malformed(String)
    /// The request line and headers exceed the limit.
    case headTooLarge
    /// The body exceeds the limit.
    case bodyTooLarge
    /// The request is for an HTTP version other than 1.0 or 1.1.
    case unsupportedVersion

    /// The status to answer with before closing, or `nil` when there is no one to answer.
    var status: Int? {
        switch self {
        case .stopped, .truncated, .ioFailure: nil
        case .malformed: 400
        case .headTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        }
    }
}

/// A request's line and headers, with what they imply for the body and the connection.
struct LoopbackHTTPRequestHead: Equatable {
    /// How the request's body is delimited.
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    var method: String
    var target: String
    var version: String
    var headers: HTTPHeaders
    var framing: Framing
    /// Whether the client lets the connection stay open after the response.
    var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body.
    var expectsContinue: Bool
}

/// Reads HTTP/1.x requests one after the other (keep-alive, pipelining) from a byte source:
/// request line, headers, and `Content-Length` or chunked bodies.
struct LoopbackHTTPRequestParser<Source: LoopbackByteSource> {
    private(set) var source: Source
    private var buffer: [UInt8] = []
    private var position = 0
    private let maxHeadBytes: Int
    private let maxBodyBytes: Int

    private static var maxHeaderFields: Int { 200 }
    private static var maxChunkLineBytes: Int { 4096 }

    init(source: Source, maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 16 * 1024 * 1024) {
        self.source = source
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Reads the next request's line and headers; `nil` when the stream ends cleanly first.
    mutating func readHead() throws(LoopbackHTTPParseError) -> LoopbackHTTPRequestHead? {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        var budget = maxHeadBytes
        var requestLine: [UInt8] = []
        // A robust server ignores empty lines before a request line (RFC 9112, 2.2).
        while requestLine.isEmpty {
            guard let line = try readLine(budget: &budget, overflow: .headTooLarge) else { return nil }
            requestLine = line
        }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .malformed("the request line is not `method target version`")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let version = String(decoding: parts[2], as: UTF8.self)
        guard method.utf8.allSatisfy(LoopbackHTTPGrammar.isTokenByte) else {
            throw .malformed("the method is not a token")
        }
        guard version.hasPrefix("HTTP/"), version.count == 8 else { throw .malformed("the version is not HTTP/x.y") }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .unsupportedVersion }

        var headers = HTTPHeaders()
        while true {
            guard let line = try readLine(budget: &budget, overflow: .headTooLarge) else { throw .truncated }
            if line.isEmpty { break }
            guard headers.count < Self.maxHeaderFields else { throw .headTooLarge }
            let field = try LoopbackHTTPGrammar.headerField(line)
            headers.add(field.name, field.value)
        }
        return try LoopbackHTTPGrammar.head(method: method, target: target, version: version, headers: headers)
    }

    /// Reads the body that `head` announces.
    mutating func readBody(for head: LoopbackHTTPRequestHead) throws(LoopbackHTTPParseError) -> [UInt8] {
        switch head.framing {
        case .none:
            return []
        case .length(let length):
            guard length <= maxBodyBytes else { throw .bodyTooLarge }
            return try read(count: length)
        case .chunked:
            return try readChunkedBody()
        }
    }

    private mutating func readChunkedBody() throws(LoopbackHTTPParseError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var budget = Self.maxChunkLineBytes
            guard let line = try readLine(budget: &budget, overflow: .malformed("a chunk-size line is too long")) else {
                throw .truncated
            }
            let sizeText = line.prefix { $0 != UInt8(ascii: ";") }.filter {
                $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t")
            }
            guard !sizeText.isEmpty, sizeText.count <= 15,
                let size = Int(String(decoding: sizeText, as: UTF8.self), radix: 16)
            else { throw .malformed("a chunk size is not hexadecimal") }
            if size == 0 { break }
            guard body.count + size <= maxBodyBytes else { throw .bodyTooLarge }
            body += try read(count: size)
            var endBudget = 2
            guard let end = try readLine(budget: &endBudget, overflow: .malformed("a chunk is longer than its size"))
            else {
                throw .truncated
            }
            guard end.isEmpty else { throw .malformed("a chunk is longer than its size") }
        }
        // Trailer fields, up to the empty line, are read and ignored.
        var budget = maxHeadBytes
        while true {
            guard let line = try readLine(budget: &budget, overflow: .headTooLarge) else { throw .truncated }
            if line.isEmpty { return body }
        }
    }

    /// The next line without its LF (and CR); `nil` when the stream ends before any byte of it.
    private mutating func readLine(
        budget: inout Int, overflow: LoopbackHTTPParseError
    ) throws(LoopbackHTTPParseError)
        -> [UInt8]?
    {
        var scanned = position
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline + 1 - position
                guard length <= budget else { throw overflow }
                budget -= length
                var end = newline
                if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[position..<end])
                position = newline + 1
                return line
            }
            scanned = buffer.count
            guard buffer.count - position <= budget else { throw overflow }
            guard try source.receive(into: &buffer) else {
                if buffer.count == position { return nil }
                throw .truncated
            }
        }
    }

    private mutating func read(count: Int) throws(LoopbackHTTPParseError) -> [UInt8] {
        while buffer.count - position < count {
            guard try source.receive(into: &buffer) else { throw .truncated }
        }
        let bytes = Array(buffer[position..<(position + count)])
        position += count
        return bytes
    }
}

/// The syntax rules the parser applies to lines it has read.
private enum LoopbackHTTPGrammar {
    static func headerField(_ line: [UInt8]) throws(LoopbackHTTPParseError) -> (name: String, value: String) {
        guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
            throw .malformed("folded header lines are not accepted")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("a header line has no colon") }
        let name = line[..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformed("a header name is not a token") }
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var value = line[(colon + 1)...].drop(while: isSpace)
        while let last = value.last, isSpace(last) { value = value.dropLast() }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    static func head(
        method: String, target: String, version: String, headers: HTTPHeaders
    )
        throws(LoopbackHTTPParseError) -> LoopbackHTTPRequestHead
    {
        let framing: LoopbackHTTPRequestHead.Framing
        let codings = tokens(headers.values(for: "Transfer-Encoding"))
        if !codings.isEmpty {
            guard codings.last == "chunked" else { throw .malformed("the last transfer coding is not chunked") }
            framing = .chunked
        } else {
            let lengths = Set(tokens(headers.values(for: "Content-Length")))
            if lengths.isEmpty {
                framing = .none
            } else {
                guard lengths.count == 1, let text = lengths.first, text.count <= 18, text.utf8.allSatisfy(isDigit),
                    let length = Int(text)
                else { throw .malformed("the Content-Length is not one decimal number") }
                framing = .length(length)
            }
        }
        let connection = tokens(headers.values(for: "Connection"))
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        let expectsContinue =
            version == "HTTP/1.1" && headers["Expect"].map { $0.lowercased() == "100-continue" } == true
        return LoopbackHTTPRequestHead(
            method: method, target: target, version: version, headers: headers, framing: framing,
            keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    /// The comma-separated, lower-cased, trimmed tokens of `values`.
    static func tokens(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace().lowercased() }
            .filter { !$0.isEmpty }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
