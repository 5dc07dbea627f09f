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

/// Why the ``CognitoAuthenticator`` refused a request's bearer token (the core's shared `BearerAuthFailure`).
public typealias CognitoAuthFailure = BearerAuthFailure
