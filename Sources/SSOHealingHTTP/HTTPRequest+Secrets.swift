extension HTTPRequest {
    /// The strings of this request that must never be shown, longest first: the URL, its user
    /// info, path, query and fragment (raw and decoded, and their pieces), and every header value
    /// (and its words).
    ///
    /// A notifier hides these in text it quotes from a server, such as an error body that echoes a token.
    public var secretFragments: [String] { HTTPRequestTarget(self).secrets }
}
