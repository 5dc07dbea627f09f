/// The names of the spans and span attributes this package records (see the README's Observability section).
public enum CognitoSpanNames {
    /// The span of one ``CognitoVerifier/verify(_:requiring:now:)``.
    public static let verify = "cognito.verify"
    /// The span of one JWKS fetch.
    public static let jwksFetch = "cognito.jwks.fetch"

    /// `accepted`, or the ``CognitoJWTError/Code`` of the rejection.
    public static let outcome = "cognito.outcome"
    /// The issuer of the configured pool the token names (never an issuer that is not configured).
    public static let issuer = "cognito.issuer"
    /// The `kid` of the token's header.
    public static let kid = "cognito.kid"
    /// `id` or `access`, once known.
    public static let tokenUse = "cognito.token_use"
    /// `hit`, `miss`, or `off` without a verified-token cache.
    public static let cache = "cognito.cache"

    /// Where the JWKS came from: a URL (`url.full`, OpenTelemetry's name).
    public static let url = "url.full"
    /// A JWKS file's path, or `in-memory JWKS` / `JWKS provider`.
    public static let source = "cognito.jwks.source"
    /// The HTTP status of a JWKS download.
    public static let status = "http.response.status_code"
    /// The size of the JWKS document, in bytes.
    public static let bytes = "cognito.jwks.bytes"
    /// The usable keys in the JWKS.
    public static let keys = "cognito.jwks.keys"
    /// How long the fetch took, in seconds.
    public static let duration = "cognito.jwks.duration_seconds"
    /// Why the fetch failed.
    public static let error = "cognito.jwks.error"
}
