import CognitoJWTTesting
import JWTKit

/// The claims of a Cognito access token, as a jwt-kit user would declare them.
public struct CognitoAccessPayload: JWTPayload {
    enum CodingKeys: String, CodingKey {
        case subject = "sub", groups = "cognito:groups", issuer = "iss", clientID = "client_id"
        case originJTI = "origin_jti", eventID = "event_id", tokenUse = "token_use", scope
        case authTime = "auth_time", expiration = "exp", issuedAt = "iat", id = "jti", username
    }

    /// `sub`.
    public var subject: SubjectClaim
    /// `cognito:groups`.
    public var groups: [String]?
    /// `iss`.
    public var issuer: IssuerClaim
    /// `client_id`.
    public var clientID: String
    /// `origin_jti`.
    public var originJTI: String?
    /// `event_id`.
    public var eventID: String?
    /// `token_use`.
    public var tokenUse: String
    /// `scope`.
    public var scope: String?
    /// `auth_time`.
    public var authTime: Int?
    /// `exp`.
    public var expiration: ExpirationClaim
    /// `iat`.
    public var issuedAt: IssuedAtClaim?
    /// `jti`.
    public var id: IDClaim?
    /// `username`.
    public var username: String?

    /// The same claim checks as the Cognito verifier: expiry, issuer, token use and client.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try expiration.verifyNotExpired()
        guard issuer.value == Self.expectedIssuer else { throw JWTError.claimVerificationFailure(failedClaim: issuer, reason: "issuer") }
        guard tokenUse == "access" else { throw JWTError.generic(identifier: "token_use", reason: "not an access token") }
        guard clientID == Self.expectedClientID else { throw JWTError.generic(identifier: "client_id", reason: "wrong client") }
    }

    /// The issuer of ``BenchmarkIssuer``'s tokens.
    public static let expectedIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool"
    /// The client id of ``BenchmarkIssuer``'s tokens.
    public static let expectedClientID = "3n4b5urk1ft4fl3mg5e62d9ado"
}

/// jwt-kit's full verification: a `JWTKeyCollection` holding the pool's JWKS (the same RSA public keys).
public struct JWTKitBaseline: Sendable {
    /// The key collection.
    public let keys: JWTKeyCollection

    /// Loads `issuer`'s JWKS.
    public init(issuer: LocalCognitoIssuer) async throws {
        precondition(issuer.issuer == CognitoAccessPayload.expectedIssuer && issuer.clientID == CognitoAccessPayload.expectedClientID)
        keys = JWTKeyCollection()
        try await keys.add(jwksJSON: issuer.jwksJSON)
    }

    /// Verifies `token` and decodes its claims.
    @inline(never)
    public func verify(_ token: String) async throws -> CognitoAccessPayload {
        try await keys.verify(token, as: CognitoAccessPayload.self)
    }
}
