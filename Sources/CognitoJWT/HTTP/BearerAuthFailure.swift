/// Why an adapter's authenticator refused a request's `Authorization: Bearer` header, recorded for a guard
/// (or the route) to answer. Shared by the Vapor and Hummingbird adapters.
public enum BearerAuthFailure: Sendable, Equatable, Error {
    /// A `Bearer` header that could not be read (empty, spaces, control characters, too long, repeated).
    case unreadableHeader
    /// The verifier rejected the token (including `jwks_unavailable` when the keys cannot be had).
    case rejected(CognitoJWTError)
    /// The token is valid but the user-mapping hook knows no such user.
    case unknownUser

    /// The stable reason code: the token's `CognitoJWTError.Code`, `malformed` or `unknown_user`.
    public var reason: String {
        switch self {
        case .unreadableHeader: return CognitoJWTError.Code.malformed.rawValue
        case .rejected(let error): return error.code.rawValue
        case .unknownUser: return "unknown_user"
        }
    }

    /// The HTTP answer: 401 (`WWW-Authenticate` naming `realm`), or 503 when the JWKS is unavailable.
    public func rejection(realm: String) -> HTTPRejection {
        switch self {
        case .unreadableHeader: return .unreadableHeader(realm: realm)
        case .rejected(let error): return HTTPRejection(error, realm: realm)
        case .unknownUser: return .unknownUser(realm: realm)
        }
    }
}
