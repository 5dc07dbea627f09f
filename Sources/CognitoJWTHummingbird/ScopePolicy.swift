import CognitoJWT
import Hummingbird
import HummingbirdAuth

/// An identity that carries the verified claims of its Cognito token.
public protocol CognitoClaimsProviding: Sendable {
    /// The verified claims.
    var cognitoClaims: CognitoClaims { get }
}

/// Requires the identity's access token to hold an OAuth scope: the scope counterpart of hummingbird-auth's
/// `RolePolicy`, checked by `CognitoRequirements`.
///
/// ```swift
/// .add(middleware: AuthorizationPolicyMiddleware(ScopePolicy("orders/read"),
///                                                deniedError: CognitoHTTPError.insufficientScope()))
/// .add(middleware: AuthorizationPolicyMiddleware(anyOf { RolePolicy("admin"); ScopePolicy("orders/admin") }))
/// ```
public struct ScopePolicy<Identity: CognitoClaimsProviding>: AuthorizationPolicy {
    /// The required scope.
    public let scope: String

    /// Requires `scope`.
    public init(_ scope: String) { self.scope = scope }

    /// Whether the identity's token holds the scope.
    public func isAuthorized(identity: Identity, request: Request) async throws -> Bool {
        do {
            try CognitoRequirements(allOfScopes: [scope]).check(identity.cognitoClaims)
            return true
        } catch {
            return false
        }
    }
}
