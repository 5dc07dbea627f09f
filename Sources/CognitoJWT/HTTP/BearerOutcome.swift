/// What the bearer-authentication step (``CognitoVerifier/authenticate(authorization:mapUser:)``) made of a
/// request's `Authorization` headers.
public enum BearerOutcome<User> {
    /// No bearer token (no header, or another scheme): the request goes on unauthenticated.
    case none
    /// A verified token, and the user the app mapped it to.
    case authenticated(User, CognitoClaims)
    /// A bearer header that was refused, and why.
    case failed(BearerAuthFailure)
}

extension BearerOutcome: Sendable where User: Sendable {}
