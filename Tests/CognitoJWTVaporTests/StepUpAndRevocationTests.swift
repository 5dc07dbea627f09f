import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Foundation
import Testing
import VaporTesting

@Suite("Step-up and revocation on Vapor routes")
struct StepUpAndRevocationTests {
    let issuer = Fixtures.issuer

    static let challenge =
        #"Bearer realm="api", error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="urn:cognito:loa:3", max_age="300""#

    @Sendable static func routes(_ app: Application) async throws {
        let api = app.grouped(app.cognito.authenticator())
        api.grouped(app.cognito.guard(anyOfACR: ["urn:cognito:loa:3"], allOfAMR: ["mfa"], maxAge: .seconds(300)))
            .get("payments") { _ in "paid" }
        api.grouped(app.cognito.guard()).get("me") { req in try req.auth.require(CognitoIdentity.self).id }
    }

    func token(acr: String, amr: [String], authTime: Int) -> String {
        issuer.accessToken(
            username: "alice",
            extraClaims: LocalCognitoIssuer.authenticationClaims(acr: acr, amr: amr, authTime: authTime))
    }

    @Test("a recent MFA sign-in at loa:3 passes; anything less is 401 with RFC 9470's challenge")
    func stepUp() async throws {
        let now = Int(Date().timeIntervalSince1970)
        try await withCognitoApp(verifier: Fixtures.verifier, configure: Self.routes) { app in
            try await app.testing().test(
                .GET, "payments", headers: bearer(token(acr: "urn:cognito:loa:3", amr: ["pwd", "mfa"], authTime: now))
            ) { res in
                #expect(res.status == .ok)
            }
            for weak in [
                token(acr: "urn:cognito:loa:1", amr: ["pwd", "mfa"], authTime: now),
                token(acr: "urn:cognito:loa:3", amr: ["pwd"], authTime: now),
                token(acr: "urn:cognito:loa:3", amr: ["pwd", "mfa"], authTime: now - 3600),
            ] {
                try await app.testing().test(.GET, "payments", headers: bearer(weak)) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers.first(name: .wwwAuthenticate) == Self.challenge)
                    #expect(
                        res.body.string
                            == #"{"error":"insufficient_user_authentication","reason":"insufficient_user_authentication"}"#
                    )
                }
            }
        }
    }

    @Test("a revoked session is 401 revoked, also for a token verified (and cached) before")
    func revoked() async throws {
        let denylist = CognitoTokenDenylist()
        let verifier = try CognitoVerifier(pools: [issuer.pool()], revocation: denylist)
        let token = issuer.idToken(username: "alice")
        try await withCognitoApp(verifier: verifier, configure: Self.routes) { app in
            try await app.testing().test(.GET, "me", headers: bearer(token)) { res in #expect(res.status == .ok) }
            try denylist.revoke(try await verifier.verify(token))
            try await app.testing().test(.GET, "me", headers: bearer(token)) { res in
                #expect(res.status == .unauthorized)
                #expect(
                    res.headers.first(name: .wwwAuthenticate)
                        == #"Bearer realm="api", error="invalid_token", error_description="revoked""#)
                #expect(res.body.string == #"{"error":"invalid_token","reason":"revoked"}"#)
            }
        }
    }
}
