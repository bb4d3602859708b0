import CCurl

/// libcurl, loaded with its process-wide initialisation on first use (once, thread-safely).
enum CurlGlobal {
    /// Whether libcurl is loaded and initialised; asking loads it.
    static var initialized: Bool { sso_curl_available() == 1 }

    /// Why libcurl is not usable (the dynamic loader's message), or nil when it is.
    static var failure: String? { sso_curl_load_error().map { String(cString: $0) } }
}
