import CognitoJWT

/// Why a request that carried a bearer header is not authenticated, as recorded by ``CognitoAuthenticator``
/// for the guard (or the route) to answer.
public enum CognitoRejection: Sendable, Equatable {
    /// The header could not be read as a bearer token (empty, spaces, control characters, too long).
    case unreadableHeader
    /// The token was rejected (including `jwks_unavailable` when the keys cannot be had).
    case invalidToken(CognitoJWTError)
    /// The token is valid but the user-mapping hook knows no such user.
    case unknownUser

    /// The stable reason code: the token's `CognitoJWTError.Code`, `malformed` or `unknown_user`.
    public var reason: String {
        switch self {
        case .unreadableHeader: return CognitoJWTError.Code.malformed.rawValue
        case .invalidToken(let error): return error.code.rawValue
        case .unknownUser: return "unknown_user"
        }
    }

    /// The HTTP answer: 401 (`WWW-Authenticate` naming `realm`), or 503 when the JWKS is unavailable.
    public func httpRejection(realm: String) -> HTTPRejection {
        switch self {
        case .unreadableHeader: return .unreadableHeader(realm: realm)
        case .invalidToken(let error): return HTTPRejection(error, realm: realm)
        case .unknownUser: return .unknownUser(realm: realm)
        }
    }
}
