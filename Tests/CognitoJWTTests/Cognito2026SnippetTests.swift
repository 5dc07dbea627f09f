import CognitoJWT
import CognitoJWTTesting
import Testing

@Suite("The README's Cognito in 2026 snippet")
struct Cognito2026SnippetTests {
    @Test("its verifier has both issuer forms and the replica, each with its JWKS URL")
    func verifier() throws {
        let verifier = try makeCognitoVerifier()
        #expect(
            verifier.keyStores.map(\.location) == [
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_xYzaq/.well-known/jwks.json",
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_xYzaq/.well-known/jwks.json",
                "https://cognito-idp.us-west-2.amazonaws.com/us-east-1_xYzaq/.well-known/jwks.json",
            ])
    }

    @Test("its requirements, custom claims and sign-out do what the comments say")
    func requirementsAndSignOut() async throws {
        let strong = LocalCognitoIssuer.authenticationClaims(
            acr: "urn:cognito:loa:3", amr: ["pwd", "mfa"], authTime: fixedNow - 60)
        var extra = strong
        extra["tenant"] = "acme"
        extra["limits"] = .object(["orders": 25])
        let token = sharedIssuer.accessToken(
            username: "alice", scopes: ["payments/write"], issuedAt: fixedNow - 10, extraClaims: extra)
        let pool = CognitoPool(
            issuer: sharedIssuer.issuer, clientIDs: [sharedIssuer.clientID], keySource: .document(sharedIssuer.jwksJSON)
        )
        let verifier = try CognitoVerifier(pools: [pool], clock: { Double(fixedNow) }, revocation: signedOut)
        let claims = try await verifier.verify(token, requiring: payments)
        let custom = tenantAndLimits(claims)
        #expect(custom.tenant == "acme" && custom.maxOrders == 25 && custom.limits == #"{"orders":25}"#)
        let late = await rejection { () throws(CognitoJWTError) in
            try await verifier.verify(token, requiring: payments, now: Double(fixedNow + 241))
        }
        #expect(late == .insufficientUserAuthentication)
        // Sign-out, on the real clock (the denylist's): this session's tokens are refused, others are not.
        let live = try CognitoVerifier(pools: [pool], revocation: signedOut)
        let session = sharedIssuer.accessToken(username: "alice")
        try signOut(try await live.verify(session))
        #expect(await rejection { () throws(CognitoJWTError) in try await live.verify(session) } == .revoked)
        _ = try await live.verify(sharedIssuer.accessToken(username: "alice"))
    }
}
