import Foundation

/// The guard decision every adapter's guard makes: given what authentication found, let the request pass or
/// answer it with the shared ``HTTPRejection``.
///
/// In order: a recorded failure is its rejection (401, or 503 when the JWKS is unavailable); no verified token
/// is 401 with a bare `Bearer realm` challenge; unmet groups or scopes are 403; unmet step-up requirements are
/// 401 `insufficient_user_authentication` with RFC 9470's `acr_values` and `max_age`.
public struct CognitoGuard: Sendable {
    /// The groups, scopes and step-up authentication a route requires beyond a valid token.
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
    ///   - now: the time for the maximum age, in seconds since 1970 (default: now).
    public func decide(claims: CognitoClaims?, failure: BearerAuthFailure?, now: Double? = nil) -> Decision {
        if let failure { return .reject(failure.rejection(realm: realm)) }
        guard let claims else { return .reject(.missingToken(realm: realm)) }
        do {
            if requirements.maxAge == nil {
                try requirements.check(claims, now: 0)
            } else {
                try requirements.check(claims, now: now ?? Date().timeIntervalSince1970)
            }
        } catch {
            return .reject(HTTPRejection(error, requirements: requirements, realm: realm))
        }
        return .pass(claims)
    }
}
