/// One of the fake AWS services.
public enum FakeService: String, Sendable, Hashable, CaseIterable {
    /// SSO OIDC (`CreateToken`).
    case oidc
    /// The SSO portal (`GetRoleCredentials`).
    case portal
    /// STS (`GetCallerIdentity`).
    case sts
}

/// A misbehaviour a fake service can be switched to at run time.
///
/// The rejections answer as the real service rejects: SSO OIDC with its OAuth error and exception
/// name, the portal with `UnauthorizedException` (401), `ForbiddenException` (403) or
/// `ResourceNotFoundException` (404), STS with its XML error. A rejection that a service has no
/// form of becomes the nearest one it has (any credential rejection on the portal is a 401).
public enum FakeFault: Sendable, Equatable {
    /// `CreateToken` answers 400 `invalid_grant` (`InvalidGrantException`).
    case rejectGrant
    /// `CreateToken` answers 400 `expired_token` (`ExpiredTokenException`).
    case expiredToken
    /// `CreateToken` answers 401 `invalid_client` (`InvalidClientException`).
    case rejectClient
    /// `CreateToken` answers 400 `unauthorized_client` (`UnauthorizedClientException`).
    case unauthorizedClient
    /// The portal answers 401 `UnauthorizedException` whatever the token; STS answers 403 `InvalidClientTokenId`.
    case rejectToken
    /// The portal answers 403 `ForbiddenException` (the role is not assigned); STS 403 `AccessDenied`.
    case forbidden
    /// The portal answers 404 `ResourceNotFoundException`.
    case notFound
    /// The service answers this 5xx status.
    case serverError(Int)
    /// The service throttles: 429 (STS: 400 `Throttling`, as STS does).
    case throttle
    /// The service handles the request (and changes its state) but answers only after this long,
    /// as a real service whose answer the client gives up on.
    case slow(Duration)
    /// The service closes the connection without answering.
    case dropConnection
    /// The service's server is stopped: connections are refused until the fault is cleared.
    case stopped

    /// A 500.
    public static var internalError: FakeFault { .serverError(500) }
}
