import CCurl

/// libcurl's process-wide initialisation, done once, lazily and thread-safely (Swift runs a
/// static's initialiser exactly once).
enum CurlGlobal {
    /// Whether `curl_global_init` succeeded; evaluating it performs the initialisation.
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
