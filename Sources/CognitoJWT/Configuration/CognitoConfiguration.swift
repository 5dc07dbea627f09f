import Foundation

/// Everything a ``CognitoVerifier`` needs, typically read from the environment.
public struct CognitoConfiguration: Sendable {
    /// Accepted pools.
    public var pools: [CognitoPool]
    /// Allowed clock skew.
    public var leeway: Duration
    /// JWKS fetch limits.
    public var jwksOptions: JWKSFetchOptions
    /// Verified-token cache capacity (0: off).
    public var cacheCapacity: Int
    /// The check that can refuse a verified token as revoked (`nil`: none), for example a
    /// ``CognitoTokenDenylist``.
    public var revocation: (any CognitoRevocationCheck)?
    /// The `realm` of `WWW-Authenticate` challenges, when configured (`nil`: the adapter's own, `api` by default).
    public var realm: String?

    /// Creates a configuration.
    public init(
        pools: [CognitoPool], leeway: Duration = .zero, jwksOptions: JWKSFetchOptions = .init(),
        cacheCapacity: Int = 10_000, revocation: (any CognitoRevocationCheck)? = nil, realm: String? = nil
    ) {
        self.revocation = revocation
        self.pools = pools
        self.leeway = leeway
        self.jwksOptions = jwksOptions
        self.cacheCapacity = cacheCapacity
        self.realm = realm
    }

    /// Reads the settings django-cognito-jwt users know, plus a few more:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `COGNITO_AWS_REGION` | the pool's region, e.g. `eu-central-1` (default: the one the pool id carries) |
    /// | `COGNITO_USER_POOL` | the pool id, e.g. `eu-central-1_xYzaq` |
    /// | `COGNITO_ISSUER_FORMAT` | `original`, `updated` or `both` (default `both`) |
    /// | `COGNITO_REPLICA_REGIONS` | regions the pool is replicated to, comma-separated |
    /// | `COGNITO_AUDIENCE` | accepted app client ids, comma-separated, or `*` for every app client (required: unset or no id is an error) |
    /// | `COGNITO_TOKEN_USE` | `id`, `access` or `any` (default `any`) |
    /// | `COGNITO_ISSUER` | the issuer, instead of region and pool (emulators) |
    /// | `COGNITO_JWKS_URL` | where the keys are (default `<issuer>/.well-known/jwks.json`) |
    /// | `COGNITO_LEEWAY_SECONDS` | tolerated clock skew (default 0) |
    /// | `COGNITO_JWKS_TIMEOUT_SECONDS` | deadline of one JWKS fetch (default 5) |
    /// | `COGNITO_JWKS_COOLDOWN_SECONDS` | no refetch for an unknown `kid` for this long after one lacked it (default 10) |
    /// | `COGNITO_JWKS_BACKOFF_SECONDS`, `COGNITO_JWKS_MAX_BACKOFF_SECONDS` | first and longest wait after failed fetches (default 1 and 60) |
    /// | `COGNITO_CACHE_CAPACITY` | verified tokens remembered (default 10000; 0 turns the cache off) |
    /// | `COGNITO_REALM` | the `realm` of `WWW-Authenticate` challenges (default: the adapter's, `api`) |
    ///
    /// The same settings come from any swift-configuration `ConfigReader` with the `CognitoJWTConfiguration`
    /// module (keys such as `cognito.aws.region`).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CognitoConfigurationError) -> CognitoConfiguration {
        try CognitoConfiguration(settingValues: environment)
    }
}
