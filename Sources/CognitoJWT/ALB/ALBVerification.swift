/// What ``ALBVerifier/verify(headers:now:)`` established about a request the load balancer forwarded.
public struct ALBVerification: Sendable {
    /// The data token's claims (`sub`, `email`, `username`, … as Cognito's userinfo gives them).
    public let data: CognitoClaims
    /// The forwarded access token's claims, when the verifier checks it (groups, scopes, client id).
    public let access: CognitoClaims?

    /// The claims the identity, the user mapping and the guards use: the access token's when it was verified
    /// (they carry `cognito:groups` and `scope`), else the data token's.
    public var claims: CognitoClaims { access ?? data }
}
