/// Decides whether a token that passed every other check was revoked: the verifier asks after the signature
/// and the claims, and again on every verified-token cache hit.
///
/// Cognito's revocation (`RevokeToken`, global sign-out) stops a refresh token from minting new tokens, but the
/// access and ID tokens already issued keep verifying locally until they expire. An app that must cut a session
/// off at once keeps a denylist of their `origin_jti` (the refresh token's session, shared by every token it
/// minted) or `jti`: ``CognitoTokenDenylist`` in memory, or a table of its database shared by every instance.
public protocol CognitoRevocationCheck: Sendable {
    /// Whether `claims`' token is revoked at `now` (seconds since 1970). A thrown error refuses the token too,
    /// as ``CognitoJWTError/Code/revocationUnavailable`` (503): a check that cannot answer never lets it through.
    func isRevoked(_ claims: CognitoClaims, now: Double) async throws -> Bool
}
