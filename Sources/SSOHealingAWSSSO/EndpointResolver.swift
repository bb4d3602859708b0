/// The AWS services the probe (and the CLI it stands in for) talks to.
enum AWSService: String, Sendable, CaseIterable {
    /// SSO OIDC: `CreateToken`.
    case ssoOIDC = "sso-oidc"
    /// The SSO portal: `GetRoleCredentials`.
    case sso
    /// STS: `GetCallerIdentity`.
    case sts

    /// The service id in botocore's snake case: the `[services]` sub-key and the variable suffix.
    var snakeCaseID: String {
        switch self {
        case .ssoOIDC: "sso_oidc"
        case .sso: "sso"
        case .sts: "sts"
        }
    }

    /// `AWS_ENDPOINT_URL_<SERVICE>`.
    var environmentVariable: String { "AWS_ENDPOINT_URL_" + snakeCaseID.uppercased() }

    /// The name people read in summaries.
    var displayName: String {
        switch self {
        case .ssoOIDC: "SSO OIDC"
        case .sso: "the SSO portal"
        case .sts: "STS"
        }
    }

    /// The public endpoint in `region`.
    func defaultEndpoint(region: String) -> String {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        switch self {
        case .ssoOIDC: return "https://oidc.\(region).\(suffix)"
        case .sso: return "https://portal.sso.\(region).\(suffix)"
        case .sts: return "https://sts.\(region).\(suffix)"
        }
    }
}

/// Where a service's requests go, chosen as botocore's `ConfiguredEndpointProvider` chooses.
struct ResolvedEndpoint: Sendable, Equatable {
    /// The base URL, without a trailing slash.
    var url: String
    /// Where it came from, for debug logs: `AWS_ENDPOINT_URL_SSO`, `services dev`, `default`, …
    var source: String

    /// The URL of `path` (which starts with `/`) on this endpoint.
    func url(_ path: String) -> String { url + path }
}

/// Resolves service endpoints for a profile, in botocore's order.
///
/// Unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
/// `ignore_configured_endpoint_urls`) is `true`: the service's variable
/// (`AWS_ENDPOINT_URL_SSO_OIDC`), then `AWS_ENDPOINT_URL`, then the service's sub-key in the
/// `[services NAME]` section the profile names (`sso_oidc =` / `  endpoint_url = …`), then the
/// profile's `endpoint_url`. Empty values are skipped. Otherwise, the public endpoint of the
/// IAM Identity Center region.
enum EndpointResolver {
    /// The endpoint of `service` for `profile`.
    static func resolve(
        _ service: AWSService, profile: SSOProfile, config: AWSConfig, environment: [String: String]
    ) throws(SSOProfile.Problem) -> ResolvedEndpoint {
        let configured = try configuredEndpoint(
            service, profileName: profile.name, keys: profile.keys, config: config, environment: environment)
        let endpoint =
            configured ?? ResolvedEndpoint(url: service.defaultEndpoint(region: profile.region), source: "default")
        var url = endpoint.url
        while url.hasSuffix("/") { url.removeLast() }
        return ResolvedEndpoint(url: url, source: endpoint.source)
    }

    /// The configured endpoint, or `nil` when none is (or configured ones are ignored).
    static func configuredEndpoint(
        _ service: AWSService, profileName: String, keys: AWSConfig.Section, config: AWSConfig,
        environment: [String: String]
    ) throws(SSOProfile.Problem) -> ResolvedEndpoint? {
        let ignoreSetting =
            environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? keys["ignore_configured_endpoint_urls"]?.string
        if let ignoreSetting, ignoreSetting.lowercased() == "true" { return nil }
        if let url = environment[service.environmentVariable], !url.isEmpty {
            return ResolvedEndpoint(url: url, source: service.environmentVariable)
        }
        if let url = environment["AWS_ENDPOINT_URL"], !url.isEmpty {
            return ResolvedEndpoint(url: url, source: "AWS_ENDPOINT_URL")
        }
        if let sectionName = keys["services"]?.string {
            guard let section = config.services[sectionName], !section.isEmpty else {
                throw SSOProfile.Problem(
                    description: "profile \(profileName) names services section \(sectionName), which does not exist")
            }
            if let url = section[service.snakeCaseID]?.nested?["endpoint_url"], !url.isEmpty {
                return ResolvedEndpoint(url: url, source: "services \(sectionName)")
            }
        }
        if let url = keys["endpoint_url"]?.string, !url.isEmpty {
            return ResolvedEndpoint(url: url, source: "profile endpoint_url")
        }
        return nil
    }
}
