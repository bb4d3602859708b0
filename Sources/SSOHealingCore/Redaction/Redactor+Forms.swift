extension Redactor {
    /// Every text in which `secrets` (whole credentials, such as a URL or a header value) can
    /// show up, longest first: what a redactor for them hides, for code that hides them itself.
    public static func forms(of secrets: some Sequence<String>) -> [String] {
        var forms = SecretForms()
        for secret in secrets { forms.add(secret: secret) }
        return forms.texts.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }
}
