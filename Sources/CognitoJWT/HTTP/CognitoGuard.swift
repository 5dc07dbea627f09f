/// The guard decision every adapter's guard makes: given what authentication found, let the request pass or
/// answer it with the shared ``HTTPRejection``.
///
/// In order: a recorded failure is its rejection (401, or 503 when the JWKS is unavailable); no verified token
/// is 401 with a bare `Bearer realm` challenge; unmet ``requirements`` are 403.
public struct CognitoGuard: Sendable {
    /// The groups and scopes a route requires beyond a valid token.
    public var requirements: CognitoRequirements
    /// The `realm` of the `WWW-Authenticate` challenges.
    public var realm: String

    /// A guard with `requirements` and `realm`.
    public init(requiring requirements: CognitoRequirements = .none, realm: String = HTTPRejection.defaultRealm) {
        self.requirements = requirements
        self.realm = realm
    }

    /// What a guard decides for a request.
    public enum Decision: Sendable {
        /// The request may pass: these are its verified claims.
        case pass(CognitoClaims)
        /// The request is answered with this instead of the route.
        case reject(HTTPRejection)
    }

    /// The decision for a request.
    ///
    /// - Parameters:
    ///   - claims: the verified claims authentication found, if any.
    ///   - failure: why authentication refused the request's bearer header, if it did.
    public func decide(claims: CognitoClaims?, failure: BearerAuthFailure?) -> Decision {
        if let failure { return .reject(failure.rejection(realm: realm)) }
        guard let claims else { return .reject(.missingToken(realm: realm)) }
        do {
            try requirements.check(claims)
        } catch {
            return .reject(HTTPRejection(error, realm: realm))
        }
        return .pass(claims)
    }
}
