/// Facts about this build of sso-self-healing.
public enum ProductInfo {
    /// The program's name, as it appears in logs, notifications and file names.
    public static let name = "sso-self-healing"
    /// The version, following semantic versioning.
    public static let version = "0.1.0"
}
