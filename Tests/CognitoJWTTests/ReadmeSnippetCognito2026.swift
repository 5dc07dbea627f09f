// The "Cognito in 2026" example of the README, verbatim (compiled and run by Cognito2026SnippetTests).
import CognitoJWT

/// Sessions cut off at sign-out: every token of a revoked `origin_jti` is refused (401 `revoked`) until it expires.
let signedOut = CognitoTokenDenylist()

/// A pool whose tokens carry either issuer form (each form's JWKS fetched when a token of it first comes), replicated
/// to us-west-2; its region comes from the pool id.
func makeCognitoVerifier() throws -> CognitoVerifier {
    try CognitoVerifier(
        pools: [
            .init(
                userPoolID: "us-east-1_xYzaq", clientIDs: ["4s2b6k7ffm2q4r3h0m8pc7nmdq"], tokenUse: .access,
                issuerFormat: .both, replicaRegions: ["us-west-2"])
        ],
        revocation: signedOut)
}

/// Payments need a sign-in at level 3 with MFA in the last five minutes; otherwise 401 with RFC 9470's
/// `WWW-Authenticate: Bearer …, error="insufficient_user_authentication", acr_values="urn:cognito:loa:3", max_age="300"`.
let payments = CognitoRequirements(
    allOfScopes: ["payments/write"], anyOfACR: ["urn:cognito:loa:3"], allOfAMR: ["mfa"], maxAge: .seconds(300))

/// What pre token generation added: any JSON type, without loss.
func tenantAndLimits(_ claims: CognitoClaims) -> (tenant: String?, maxOrders: Double?, limits: String?) {
    (
        claims.custom("tenant")?.stringValue, claims.custom("limits")?.objectValue?["orders"]?.doubleValue,
        claims.custom("limits")?.jsonText
    )
}

/// At sign-out: the whole session of this token, until it expires. A full denylist records nothing and throws
/// (answer 503, the user retries); until it has room again, unrevoked tokens are 503 `revocation_unavailable`.
func signOut(_ claims: CognitoClaims) throws {
    try signedOut.revoke(claims)
}
