/// One Cognito user pool whose tokens are accepted.
public struct CognitoPool: Sendable {
    /// The exact `iss` of the pool's tokens: `https://cognito-idp.<region>.amazonaws.com/<userPoolID>`.
    public var issuer: String
    /// Accepted app client ids (`aud` of ID tokens, `client_id` of access tokens). Empty: not checked.
    public var clientIDs: [String]
    /// Which tokens are accepted.
    public var tokenUse: TokenUse
    /// Where the signing keys come from.
    public var keySource: KeySource

    /// A pool of AWS Cognito, by region and pool id.
    public init(
        region: String, userPoolID: String, clientIDs: [String] = [], tokenUse: TokenUse = .any,
        keySource: KeySource = .issuerDefault
    ) {
        self.init(
            issuer: Self.issuer(region: region, userPoolID: userPoolID), clientIDs: clientIDs,
            tokenUse: tokenUse, keySource: keySource)
    }

    /// A pool with an explicit issuer (for example a local Cognito emulator).
    public init(
        issuer: String, clientIDs: [String] = [], tokenUse: TokenUse = .any,
        keySource: KeySource = .issuerDefault
    ) {
        self.issuer = issuer
        self.clientIDs = clientIDs
        self.tokenUse = tokenUse
        self.keySource = keySource
    }

    /// The issuer AWS Cognito uses for a pool.
    public static func issuer(region: String, userPoolID: String) -> String {
        "https://cognito-idp.\(region).amazonaws.com/\(userPoolID)"
    }

    /// The JWKS URL a pool's keys are fetched from when ``keySource`` is ``KeySource/issuerDefault``.
    public var defaultJWKSURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/jwks.json"
    }
}
