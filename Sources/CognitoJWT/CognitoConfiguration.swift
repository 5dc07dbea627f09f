import Foundation

/// A configuration that cannot work: missing, malformed or contradictory settings. Raised at start-up,
/// never at the first request.
public struct CognitoConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the setting.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

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

    /// Creates a configuration.
    public init(pools: [CognitoPool], leeway: Duration = .zero, jwksOptions: JWKSFetchOptions = .init(),
                cacheCapacity: Int = 10_000) {
        self.pools = pools
        self.leeway = leeway
        self.jwksOptions = jwksOptions
        self.cacheCapacity = cacheCapacity
    }

    /// Reads the settings django-cognito-jwt users know, plus a few more:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `COGNITO_AWS_REGION` | the pool's region, e.g. `eu-central-1` |
    /// | `COGNITO_USER_POOL` | the pool id, e.g. `eu-central-1_xYzaq` |
    /// | `COGNITO_AUDIENCE` | accepted app client ids, comma-separated (empty: not checked) |
    /// | `COGNITO_TOKEN_USE` | `id`, `access` or `any` (default `any`) |
    /// | `COGNITO_ISSUER` | the issuer, instead of region and pool (emulators) |
    /// | `COGNITO_JWKS_URL` | where the keys are (default `<issuer>/.well-known/jwks.json`) |
    /// | `COGNITO_LEEWAY_SECONDS` | tolerated clock skew (default 0) |
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CognitoConfigurationError) -> CognitoConfiguration {
        try CognitoSettings(environment: environment).configuration()
    }
}

/// Raw settings as strings, from flags or the environment, before validation.
public struct CognitoSettings: Sendable {
    /// `COGNITO_AWS_REGION`.
    public var region: String?
    /// `COGNITO_USER_POOL`.
    public var userPool: String?
    /// `COGNITO_ISSUER`.
    public var issuer: String?
    /// `COGNITO_AUDIENCE`: comma-separated client ids.
    public var audience: String?
    /// `COGNITO_TOKEN_USE`.
    public var tokenUse: String?
    /// `COGNITO_JWKS_URL`.
    public var jwksURL: String?
    /// A JWKS file (flags only).
    public var jwksFile: String?
    /// `COGNITO_LEEWAY_SECONDS`.
    public var leewaySeconds: String?

    /// Creates settings.
    public init(region: String? = nil, userPool: String? = nil, issuer: String? = nil, audience: String? = nil,
                tokenUse: String? = nil, jwksURL: String? = nil, jwksFile: String? = nil, leewaySeconds: String? = nil) {
        self.region = region
        self.userPool = userPool
        self.issuer = issuer
        self.audience = audience
        self.tokenUse = tokenUse
        self.jwksURL = jwksURL
        self.jwksFile = jwksFile
        self.leewaySeconds = leewaySeconds
    }

    /// Reads the `COGNITO_*` variables (empty values count as unset).
    public init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        self.init(region: value("COGNITO_AWS_REGION"), userPool: value("COGNITO_USER_POOL"),
                  issuer: value("COGNITO_ISSUER"), audience: value("COGNITO_AUDIENCE"),
                  tokenUse: value("COGNITO_TOKEN_USE"), jwksURL: value("COGNITO_JWKS_URL"),
                  leewaySeconds: value("COGNITO_LEEWAY_SECONDS"))
    }

    /// These settings, with what they leave out taken from `fallback`. The issuer settings (issuer, region, pool)
    /// and the key settings (URL, file) each come from one side as a whole, never mixed.
    public func filling(from fallback: CognitoSettings) -> CognitoSettings {
        var merged = self
        if issuer == nil && region == nil && userPool == nil {
            merged.issuer = fallback.issuer
            merged.region = fallback.region
            merged.userPool = fallback.userPool
        }
        if jwksURL == nil && jwksFile == nil {
            merged.jwksURL = fallback.jwksURL
            merged.jwksFile = fallback.jwksFile
        }
        merged.audience = audience ?? fallback.audience
        merged.tokenUse = tokenUse ?? fallback.tokenUse
        merged.leewaySeconds = leewaySeconds ?? fallback.leewaySeconds
        return merged
    }

    /// The accepted client ids: `audience` split on commas, blanks dropped.
    public var clientIDs: [String] {
        (audience ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The issuer these settings name, checking that region and pool come together and agree with an explicit issuer.
    public func resolvedIssuer() throws(CognitoConfigurationError) -> String {
        switch (region, userPool) {
        case (.some, .none): throw CognitoConfigurationError("COGNITO_AWS_REGION (--region) is set without COGNITO_USER_POOL (--user-pool)")
        case (.none, .some): throw CognitoConfigurationError("COGNITO_USER_POOL (--user-pool) is set without COGNITO_AWS_REGION (--region)")
        case (.some(let region), .some(let pool)):
            let derived = CognitoPool.issuer(region: region, userPoolID: pool)
            if let issuer, !issuer.bytesEqual(derived) {
                throw CognitoConfigurationError("COGNITO_ISSUER (--issuer) \(issuer) contradicts region and user pool (\(derived))")
            }
            return derived
        case (.none, .none):
            guard let issuer else {
                throw CognitoConfigurationError("no issuer configured: set COGNITO_AWS_REGION and COGNITO_USER_POOL (--region, --user-pool) or COGNITO_ISSUER (--issuer)")
            }
            guard issuer.hasPrefix("https://") || issuer.hasPrefix("http://") else {
                throw CognitoConfigurationError("COGNITO_ISSUER (--issuer) must be an http(s) URL")
            }
            return issuer
        }
    }

    /// Validates the settings into a configuration with one pool.
    public func configuration() throws(CognitoConfigurationError) -> CognitoConfiguration {
        let issuer = try resolvedIssuer()
        var use = TokenUse.any
        if let tokenUse {
            guard let parsed = TokenUse(parsing: tokenUse) else {
                throw CognitoConfigurationError("COGNITO_TOKEN_USE (--token-use) must be id, access or any, not \(tokenUse)")
            }
            use = parsed
        }
        let keySource: KeySource
        switch (jwksURL, jwksFile) {
        case (.some, .some): throw CognitoConfigurationError("give either a JWKS URL or a JWKS file, not both")
        case (.some(let url), .none):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw CognitoConfigurationError("COGNITO_JWKS_URL (--jwks-url) must be an http(s) URL")
            }
            keySource = .url(url)
        case (.none, .some(let path)): keySource = .file(path)
        case (.none, .none): keySource = .issuerDefault
        }
        var leeway = Duration.zero
        if let leewaySeconds {
            guard let seconds = Double(leewaySeconds), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                throw CognitoConfigurationError("COGNITO_LEEWAY_SECONDS (--leeway) must be a number of seconds from 0 to 86400, not \(leewaySeconds)")
            }
            leeway = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        let pool = CognitoPool(issuer: issuer, clientIDs: clientIDs, tokenUse: use, keySource: keySource)
        return CognitoConfiguration(pools: [pool], leeway: leeway)
    }
}
