import CognitoJWT
import HummingbirdAuth

/// The Cognito groups (`cognito:groups`) are the roles, so hummingbird-auth's `RolePolicy("admin")` works
/// unchanged on a `CognitoIdentity`, comparing group names byte for byte like the guards do.
extension CognitoIdentity: RoleProviding {
    /// `cognito:groups`, as a set of byte-exact names.
    public var roles: Set<CognitoGroup> { Set(groups.map { CognitoGroup($0) }) }
}

/// A `CognitoIdentity` carries its verified claims, so ``ScopePolicy`` applies to it.
extension CognitoIdentity: CognitoClaimsProviding {
    /// The verified claims.
    public var cognitoClaims: CognitoClaims { claims }
}
