import CCurl
import SSOHealingCore
import Synchronization

/// One request's libcurl transfer: an easy handle driven by a private multi handle on a thread of
/// its own, so the blocking wait never occupies Swift's cooperative pool.
///
/// The multi handle is used (rather than `curl_easy_perform`) because `curl_multi_wakeup` lets
/// `cancel()` interrupt a transfer that is waiting for a silent server immediately, where a
/// progress callback would only notice after up to a second. Every handle, list and buffer is
/// released before `run()` returns.
final class CurlTransfer: @unchecked Sendable {
    private let request: HTTPRequest
    private let target: HTTPRequestTarget

    // Touched only by the thread inside `run()` and libcurl's callbacks on it.
    private var responseBody: [UInt8] = []
    private var responseHeaders = HTTPHeaders()
    private var headerBytes = 0
    private var exceededLimit = false

    /// What `cancel()` shares with the transfer's thread.
    private struct Shared {
        var isCancelled = false
        var activeMulti: MultiHandle?
    }

    /// The running transfer's multi handle, which `curl_multi_wakeup` may be given from any thread.
    private struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    private let shared = Mutex(Shared())

    /// The most header bytes accepted for one response.
    private static let maxHeaderBytes = 256 * 1024
    private static let userAgent = "\(ProductInfo.name)/\(ProductInfo.version)"

    private let headerLines: [String]
    private let timeoutMilliseconds: Int
    private let connectTimeoutMilliseconds: Int

    /// Checks `request` and prepares its transfer; throws `invalidRequest` for what libcurl must
    /// not be given (another scheme, a bad method or header, a non-positive timeout).
    init(_ request: HTTPRequest, target: HTTPRequestTarget) throws(HTTPClientError) {
        let origin = target.origin
        guard target.isValid else {
            throw .invalidRequest(origin: origin, reason: "the URL is not an absolute http or https URL")
        }
        guard Self.isToken(request.method) else {
            throw .invalidRequest(origin: origin, reason: "the method is not a valid token")
        }
        guard let timeout = Self.milliseconds(request.timeout),
            let connectTimeout = Self.milliseconds(request.connectTimeout)
        else {
            throw .invalidRequest(origin: origin, reason: "timeouts must be positive and below 68 years")
        }
        guard request.maxResponseBytes >= 0 else {
            throw .invalidRequest(origin: origin, reason: "the response size limit is negative")
        }
        self.request = request
        self.target = target
        self.timeoutMilliseconds = timeout
        self.connectTimeoutMilliseconds = connectTimeout
        self.headerLines = try Self.headerLines(for: request, origin: origin)
    }

    /// Makes a running or future `run()` stop promptly with `cancelled`. Callable from any thread.
    func cancel() {
        shared.withLock { shared in
            shared.isCancelled = true
            if let multi = shared.activeMulti { sso_curl_multi_wakeup(multi.pointer) }
        }
    }

    private var cancelled: Bool {
        shared.withLock { $0.isCancelled }
    }

    /// Runs the transfer on a new thread and hands the outcome to `completion` there (on the
    /// calling thread when the system cannot start one).
    func start(completion: @escaping @Sendable (Result<HTTPResponse, HTTPClientError>) -> Void) {
        do {
            try DetachedThread.start(name: "\(ProductInfo.name) HTTP") { completion(self.run()) }
        } catch {
            completion(run())
        }
    }

    /// Performs the transfer, blocking the calling thread until it ends.
    func run() -> Result<HTTPResponse, HTTPClientError> {
        let origin = target.origin
        guard CurlGlobal.initialized else {
            return .failure(
                .init(
                    .other(curlCode: -1), origin: origin,
                    detail: "libcurl is not usable: \(CurlGlobal.failure ?? "curl_global_init failed")"))
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for line in headerLines {
            guard let extended = sso_curl_slist_append(headerList, line) else {
                sso_curl_slist_free_all(headerList)
                return .failure(.init(.other(curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue)), origin: origin))
            }
            headerList = extended
        }
        defer { sso_curl_slist_free_all(headerList) }
        guard let easy = sso_curl_easy_init() else {
            return .failure(.init(.other(curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue)), origin: origin))
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        // The easy handle refers to the header list and the error buffer, so it goes first.
        defer { sso_curl_easy_cleanup(easy) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        let configured = configure(easy, headers: headerList, errorBuffer: errorBuffer, context: context)
        guard configured == CURLE_OK else {
            return .failure(
                .invalidRequest(
                    origin: origin, reason: "libcurl rejected an option (curl error \(configured.rawValue))"))
        }
        let code = perform(easy)
        guard let code else { return .failure(.cancelled(origin: origin)) }
        guard code == CURLE_OK else {
            return .failure(error(for: code, message: String(cString: errorBuffer)))
        }
        var status = 0
        _ = sso_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody))
    }

    /// Runs the transfer to its end; `nil` when cancelled.
    private func perform(_ easy: UnsafeMutableRawPointer) -> CURLcode? {
        guard let multi = sso_curl_multi_init() else { return CURLE_OUT_OF_MEMORY }
        let cancelledEarly = shared.withLock { shared in
            shared.activeMulti = MultiHandle(pointer: multi)
            return shared.isCancelled
        }
        defer {
            shared.withLock { $0.activeMulti = nil }
            sso_curl_multi_cleanup(multi)
        }
        if cancelledEarly { return nil }
        guard sso_curl_multi_add_handle(multi, easy) == CURLM_OK else { return CURLE_OUT_OF_MEMORY }
        defer { sso_curl_multi_remove_handle(multi, easy) }
        while true {
            var running: Int32 = 0
            let performed = sso_curl_multi_perform(multi, &running)
            guard performed == CURLM_OK else { return CURLE_OUT_OF_MEMORY }
            if running == 0 { return Self.result(of: multi) }
            if cancelled { return nil }
            guard sso_curl_multi_poll(multi, nil, 0, 1000, nil) == CURLM_OK else { return CURLE_OUT_OF_MEMORY }
            if cancelled { return nil }
        }
    }

    private static func result(of multi: UnsafeMutableRawPointer) -> CURLcode {
        var remaining: Int32 = 0
        while let message = sso_curl_multi_info_read(multi, &remaining) {
            if message.pointee.msg == CURLMSG_DONE { return message.pointee.data.result }
        }
        return CURLE_GOT_NOTHING
    }

    private func configure(
        _ easy: UnsafeMutableRawPointer, headers: UnsafeMutablePointer<curl_slist>?,
        errorBuffer: UnsafeMutablePointer<CChar>, context: UnsafeMutableRawPointer
    ) -> CURLcode {
        var code = CURLE_OK
        func set(_ option: CURLoption, _ value: Int) {
            if code == CURLE_OK { code = sso_curl_setopt_long(easy, option, value) }
        }
        func set(_ option: CURLoption, _ value: String) {
            if code == CURLE_OK { code = sso_curl_setopt_string(easy, option, value) }
        }
        func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
            if code == CURLE_OK { code = sso_curl_setopt_pointer(easy, option, value) }
        }
        set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        set(CURLOPT_URL, request.url)
        set(CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
        set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds)
        if code == CURLE_OK {
            code = sso_curl_setopt_offset(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes))
        }
        if code == CURLE_OK { code = sso_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headers) }
        if code == CURLE_OK { code = sso_curl_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, curlWriteBody) }
        set(CURLOPT_WRITEDATA, context)
        if code == CURLE_OK { code = sso_curl_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader) }
        set(CURLOPT_HEADERDATA, context)

        switch (request.method, request.body) {
        case ("GET", nil): set(CURLOPT_HTTPGET, 1)
        case ("HEAD", nil): set(CURLOPT_NOBODY, 1)
        case (let method, let body?):
            setBody(body, on: easy, code: &code)
            if method != "POST" { set(CURLOPT_CUSTOMREQUEST, method) }
        case ("POST", nil): setBody([], on: easy, code: &code)
        case (let method, nil): set(CURLOPT_CUSTOMREQUEST, method)
        }
        return code
    }

    /// Hands libcurl a copy of `body` (never a null pointer, which would make it read stdin).
    private func setBody(_ body: [UInt8], on easy: UnsafeMutableRawPointer, code: inout CURLcode) {
        guard code == CURLE_OK else { return }
        code = sso_curl_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        guard code == CURLE_OK else { return }
        let bytes = body.isEmpty ? [0] : body
        code = bytes.withUnsafeBytes { buffer in
            sso_curl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
        }
    }

    /// The header lines for libcurl: the request's fields plus `User-Agent` unless given, an
    /// empty `Expect` (no 100-continue round trip) and, for bodies without one, an empty
    /// `Content-Type` (so libcurl does not claim a form).
    private static func headerLines(for request: HTTPRequest, origin: String) throws(HTTPClientError) -> [String] {
        var lines: [String] = []
        for field in request.headers {
            guard isToken(field.name) else {
                throw .invalidRequest(origin: origin, reason: "a header name is not a valid token")
            }
            guard !field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw .invalidRequest(
                    origin: origin, reason: "the value of header \(field.name) contains a line break or NUL")
            }
            let value = field.value.trimmingWhitespace()
            // libcurl's syntax for a field with an empty value is `Name;`.
            lines.append(value.isEmpty ? "\(field.name);" : "\(field.name): \(value)")
        }
        if !request.headers.contains("User-Agent") { lines.append("User-Agent: \(userAgent)") }
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        let sendsBody = request.body != nil || request.method == "POST"
        if sendsBody && !request.headers.contains("Content-Type") { lines.append("Content-Type:") }
        return lines
    }

    /// Called by libcurl with a piece of the response body.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= request.maxResponseBytes else {
            exceededLimit = true
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    /// Called by libcurl with one header line (status lines and the final empty line included).
    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headerBytes += bytes.count
        guard headerBytes <= Self.maxHeaderBytes else {
            exceededLimit = true
            return false
        }
        let line = String(decoding: bytes, as: UTF8.self).trimmingNewlines()
        if line.hasPrefix("HTTP/") {
            // A new response starts (after a 1xx): only the final one's fields count.
            responseHeaders = HTTPHeaders()
        } else if let first = line.unicodeScalars.first, first == " " || first == "\t" {
            // An obsolete folded continuation line belongs to the previous field.
            responseHeaders.extendLastValue(with: line.trimmingWhitespace())
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            responseHeaders.add(name, value)
        }
        return true
    }

    private func error(for code: CURLcode, message: String) -> HTTPClientError {
        let origin = target.origin
        let explanation = target.redact(message.isEmpty ? String(cString: sso_curl_easy_strerror(code)) : message)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(origin: origin, detail: explanation)
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect(origin: origin, detail: explanation)
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            return .connectionDropped(origin: origin, detail: explanation)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .nameResolution(origin: origin, detail: explanation)
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_SHUTDOWN_FAILED:
            return .tls(.handshake, origin: origin, detail: explanation)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS:
            return .tls(.certificate, origin: origin, detail: explanation)
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED,
            CURLE_SSL_CLIENTCERT:
            return .tls(.setup, origin: origin, detail: explanation)
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(origin: origin, limit: request.maxResponseBytes)
        case CURLE_WRITE_ERROR where exceededLimit:
            return .responseTooLarge(origin: origin, limit: request.maxResponseBytes)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest(origin: origin, reason: explanation)
        case CURLE_ABORTED_BY_CALLBACK where cancelled:
            return .cancelled(origin: origin)
        default:
            return HTTPClientError(.other(curlCode: Int(code.rawValue)), origin: origin, detail: explanation)
        }
    }

    /// `duration` in whole milliseconds, rounded up; `nil` unless positive and reasonable.
    private static func milliseconds(_ duration: Duration) -> Int? {
        let (seconds, attoseconds) = duration.components
        guard duration > .zero, seconds < Int64(Int32.max) else { return nil }
        // Round up so that a tiny positive limit never becomes libcurl's 0, "no limit".
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }
}

/// libcurl's body callback: appends to the transfer or aborts it (by returning 0) at the limit.
private let curlWriteBody: sso_curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// libcurl's header callback: records the line or aborts the transfer at the header limit.
private let curlWriteHeader: sso_curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}
