import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Step-up and revocation on Hummingbird routes")
struct StepUpAndRevocationTests {
    static let challenge =
        #"Bearer realm="api", error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="urn:cognito:loa:2 urn:cognito:loa:3", max_age="60""#

    func app(_ verifier: CognitoVerifier) -> some ApplicationProtocol {
        let router = Router(context: IdentityContext.self)
        router.add(middleware: CognitoAuthenticator(verifier: verifier))
        router.group("payments")
            .add(
                middleware: CognitoGuardMiddleware(
                    anyOfACR: ["urn:cognito:loa:2", "urn:cognito:loa:3"], allOfAMR: ["mfa"], maxAge: .seconds(60))
            )
            .get { _, _ in "paid" }
        router.group("me").add(middleware: CognitoGuardMiddleware()).get { _, context in
            try context.requireIdentity().id
        }
        return Application(router: router)
    }

    @Test("step-up met passes; unmet is 401 insufficient_user_authentication with acr_values and max_age")
    func stepUp() async throws {
        let issuer = try sharedIssuer.get()
        let now = Int(Date().timeIntervalSince1970)
        @Sendable func token(_ acr: String, _ amr: [String], _ authTime: Int) -> String {
            issuer.accessToken(
                username: "alice",
                extraClaims: LocalCognitoIssuer.authenticationClaims(acr: acr, amr: amr, authTime: authTime))
        }
        try await app(issuer.verifier()).test(.router) { client in
            try await client.execute(
                uri: "/payments", method: .get, headers: bearer(token("urn:cognito:loa:2", ["otp", "mfa"], now))
            ) { response in
                #expect(response.status == .ok)
            }
            for weak in [
                token("urn:cognito:loa:1", ["mfa"], now), token("urn:cognito:loa:3", ["pwd"], now),
                token("urn:cognito:loa:3", ["mfa"], now - 120),
            ] {
                try await client.execute(uri: "/payments", method: .get, headers: bearer(weak)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == Self.challenge)
                    #expect(
                        text(response)
                            == #"{"error":"insufficient_user_authentication","reason":"insufficient_user_authentication"}"#
                    )
                }
            }
        }
    }

    @Test("a revoked session is 401 revoked, cold and cached")
    func revoked() async throws {
        let issuer = try sharedIssuer.get()
        let denylist = CognitoTokenDenylist()
        let verifier = try CognitoVerifier(pools: [issuer.pool()], revocation: denylist)
        let cached = issuer.idToken(username: "alice")
        let claims = try await verifier.verify(cached)
        let sibling = issuer.idToken(username: "alice", extraClaims: ["origin_jti": .string(claims.originTokenID!)])
        try await app(verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: bearer(cached)) { #expect($0.status == .ok) }
            try denylist.revoke(originTokenID: claims.originTokenID!, until: claims.expiresAt)
            for token in [cached, sibling] {
                try await client.execute(uri: "/me", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(
                        response.headers[.wwwAuthenticate]
                            == #"Bearer realm="api", error="invalid_token", error_description="revoked""#)
                }
            }
        }
    }
}
