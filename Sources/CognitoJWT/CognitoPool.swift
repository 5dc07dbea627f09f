/// Which kind of Cognito token a pool accepts.
public enum TokenUse: String, Sendable, CaseIterable {
    /// ID tokens only (`token_use` = `id`, audience in `aud`).
    case id
    /// Access tokens only (`token_use` = `access`, audience in `client_id`).
    case access
    /// Either kind.
    case any

    /// Parses `id`, `access` or `any`.
    public init?(parsing text: String) {
        switch text {
        case "id": self = .id
        case "access": self = .access
        case "any": self = .any
        default: return nil
        }
    }
}

/// Where a pool's signing keys come from.
public enum KeySource: Sendable {
    /// `<issuer>/.well-known/jwks.json`, fetched over HTTPS.
    case issuerDefault
    /// A JWKS URL (`https://`, or `http://` for local emulators and tests).
    case url(String)
    /// A JWKS document read once from a file.
    case file(String)
    /// A JWKS document held in memory.
    case document(String)
    /// A JWKS document produced by your own code each time the keys are (re)fetched, for example an
    /// in-process local issuer.
    case provider(@Sendable () async throws -> String)
}

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
    public init(region: String, userPoolID: String, clientIDs: [String] = [], tokenUse: TokenUse = .any,
                keySource: KeySource = .issuerDefault) {
        self.init(issuer: Self.issuer(region: region, userPoolID: userPoolID), clientIDs: clientIDs,
                  tokenUse: tokenUse, keySource: keySource)
    }

    /// A pool with an explicit issuer (for example a local Cognito emulator).
    public init(issuer: String, clientIDs: [String] = [], tokenUse: TokenUse = .any,
                keySource: KeySource = .issuerDefault) {
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

/// Per-request requirements on a verified token (a route's groups and scopes).
public struct CognitoRequirements: Sendable {
    /// At least one of these groups must be in `cognito:groups` (empty: no requirement).
    public var anyOfGroups: [String]
    /// Every one of these scopes must be in the access token's `scope` (empty: no requirement).
    public var allOfScopes: [String]

    /// No requirement beyond a valid token.
    public static let none = CognitoRequirements()

    /// Creates requirements.
    public init(anyOfGroups: [String] = [], allOfScopes: [String] = []) {
        self.anyOfGroups = anyOfGroups
        self.allOfScopes = allOfScopes
    }

    /// Throws ``CognitoJWTError/Code/missingGroup`` or ``CognitoJWTError/Code/missingScope`` when unmet.
    public func check(_ claims: CognitoClaims) throws(CognitoJWTError) {
        if !anyOfGroups.isEmpty && !anyOfGroups.contains(where: claims.isMember(of:)) {
            throw CognitoJWTError(.missingGroup, "token is in none of the required groups")
        }
        if !allOfScopes.isEmpty {
            guard claims.tokenUse == .access else {
                throw CognitoJWTError(.missingScope, "only access tokens carry scopes")
            }
            for scope in allOfScopes where !claims.hasScope(scope) {
                throw CognitoJWTError(.missingScope, "token lacks a required scope")
            }
        }
    }
}
