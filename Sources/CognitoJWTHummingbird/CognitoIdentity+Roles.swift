import CognitoJWT
import HummingbirdAuth

/// The Cognito groups (`cognito:groups`) are the roles, so hummingbird-auth's `RolePolicy("admin")` works
/// unchanged on a `CognitoIdentity`.
extension CognitoIdentity: RoleProviding {
    /// `cognito:groups`, as a set.
    public var roles: Set<String> { Set(groups) }
}

/// A `CognitoIdentity` carries its verified claims, so ``ScopePolicy`` applies to it.
extension CognitoIdentity: CognitoClaimsProviding {
    /// The verified claims.
    public var cognitoClaims: CognitoClaims { claims }
}
