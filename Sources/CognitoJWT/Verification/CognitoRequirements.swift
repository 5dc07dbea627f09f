import Foundation

/// Per-request requirements on a verified token: a route's groups and scopes, and its step-up authentication
/// (`acr`, `amr`, `auth_time`, RFC 9470).
public struct CognitoRequirements: Sendable {
    /// At least one of these groups must be in `cognito:groups` (empty: no requirement).
    public var anyOfGroups: [String]
    /// Every one of these scopes must be in the access token's `scope` (empty: no requirement).
    public var allOfScopes: [String]
    /// The token's `acr` must be one of these, byte for byte, e.g. `urn:cognito:loa:3` (empty: no requirement).
    public var anyOfACR: [String]
    /// The token's `amr` must contain every one of these, byte for byte, e.g. `mfa` (empty: no requirement).
    public var allOfAMR: [String]
    /// The token's `auth_time` must be at most this long ago (`nil`: no requirement).
    public var maxAge: Duration?

    /// No requirement beyond a valid token.
    public static let none = CognitoRequirements()

    /// Creates requirements.
    public init(
        anyOfGroups: [String] = [], allOfScopes: [String] = [], anyOfACR: [String] = [], allOfAMR: [String] = [],
        maxAge: Duration? = nil
    ) {
        self.anyOfGroups = anyOfGroups
        self.allOfScopes = allOfScopes
        self.anyOfACR = anyOfACR
        self.allOfAMR = allOfAMR
        self.maxAge = maxAge
    }

    /// Whether there is a step-up requirement (`acr`, `amr` or a maximum age).
    public var requiresStepUp: Bool { !anyOfACR.isEmpty || !allOfAMR.isEmpty || maxAge != nil }

    /// ``check(_:now:)`` at the current time.
    public func check(_ claims: CognitoClaims) throws(CognitoJWTError) {
        try check(claims, now: Date().timeIntervalSince1970)
    }

    /// Throws ``CognitoJWTError/Code/missingGroup`` or ``CognitoJWTError/Code/missingScope`` when unmet (no
    /// stronger sign-in helps), then ``CognitoJWTError/Code/insufficientUserAuthentication`` when the step-up
    /// requirements are unmet at `now` (seconds since 1970).
    public func check(_ claims: CognitoClaims, now: Double) throws(CognitoJWTError) {
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
        if requiresStepUp { try checkStepUp(claims, now: now) }
    }

    private func checkStepUp(_ claims: CognitoClaims, now: Double) throws(CognitoJWTError) {
        if !anyOfACR.isEmpty {
            guard let acr = claims.acr else {
                throw CognitoJWTError(.insufficientUserAuthentication, "token has no acr")
            }
            guard anyOfACR.contains(where: { $0.bytesEqual(acr) }) else {
                throw CognitoJWTError(.insufficientUserAuthentication, "acr is not one of the required values")
            }
        }
        if !allOfAMR.isEmpty {
            for method in allOfAMR where !claims.raw.stringArray("amr", contains: method) {
                throw CognitoJWTError(
                    .insufficientUserAuthentication, "amr lacks a required authentication method")
            }
        }
        if let maxAge {
            guard let authTime = claims.authTime, authTime.isFinite else {
                throw CognitoJWTError(.insufficientUserAuthentication, "token has no auth_time")
            }
            guard now - authTime <= maxAge.seconds else {
                throw CognitoJWTError(.insufficientUserAuthentication, "auth_time is older than the maximum age")
            }
        }
    }
}
