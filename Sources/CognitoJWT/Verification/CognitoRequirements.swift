/// Per-request requirements on a verified token (a route's groups and scopes).
public struct CognitoRequirements: Sendable {
    /// At least one of these groups must be in `cognito:groups` (empty: no requirement).
    public var anyOfGroups: [String]
    /// Every one of these scopes must be in the access token's `scope` (empty: no requirement).
    public var allOfScopes: [String]

    /// No requirement beyond a valid token.
    public static let none = CognitoRequirements()

    /// Creates requirements.
    public init(anyOfGroups: [String] = [], allOfScopes: [String] = []) {
        self.anyOfGroups = anyOfGroups
        self.allOfScopes = allOfScopes
    }

    /// Throws ``CognitoJWTError/Code/missingGroup`` or ``CognitoJWTError/Code/missingScope`` when unmet.
    public func check(_ claims: CognitoClaims) throws(CognitoJWTError) {
        if !anyOfGroups.isEmpty && !anyOfGroups.contains(where: claims.isMember(of:)) {
            throw CognitoJWTError(.missingGroup, "token is in none of the required groups")
        }
        if !allOfScopes.isEmpty {
            guard claims.tokenUse == .access else {
                throw CognitoJWTError(.missingScope, "only access tokens carry scopes")
            }
            for scope in allOfScopes where !claims.hasScope(scope) {
                throw CognitoJWTError(.missingScope, "token lacks a required scope")
            }
        }
    }
}
