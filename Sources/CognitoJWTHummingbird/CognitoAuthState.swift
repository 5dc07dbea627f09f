import CognitoJWT

/// What the ``CognitoAuthenticator`` found out about a request, kept in its context by
/// ``CognitoRequestContext``: the verified claims, or why the request's token was refused.
///
/// Only the authenticator sets these; routes read them (``CognitoGuardMiddleware`` turns a ``failure`` into
/// the answer of a protected route).
public struct CognitoAuthState: Sendable {
    /// The claims of the verified token, once a token was verified and the user mapped.
    public internal(set) var claims: CognitoClaims?
    /// Why the request's `Authorization` header was refused, when it was.
    public internal(set) var failure: CognitoAuthFailure?

    /// The state of a request nothing has authenticated yet.
    public init() {}
}

/// Why the ``CognitoAuthenticator`` refused a request's bearer token.
public enum CognitoAuthFailure: Sendable, Equatable, Error {
    /// A `Bearer` header that could not be read (empty, spaces, control characters, too long, repeated).
    case unreadableHeader
    /// The verifier rejected the token.
    case rejected(CognitoJWTError)
    /// The token is valid but the user-mapping hook knows no such user.
    case unknownUser

    /// The shared HTTP answer to this failure (401, or 503 when the JWKS is unavailable).
    public func rejection(realm: String) -> HTTPRejection {
        switch self {
        case .unreadableHeader: return .unreadableHeader(realm: realm)
        case .rejected(let error): return HTTPRejection(error, realm: realm)
        case .unknownUser: return .unknownUser(realm: realm)
        }
    }
}
