import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

@Suite("Behind an ALB: CognitoALBAuthenticator on Vapor routes")
struct ALBAuthenticatorTests {
    /// The `x-amzn-oidc-*` headers of `headers` as Vapor headers.
    func vaporHeaders(_ headers: ALBHeaders) -> HTTPHeaders {
        var result = HTTPHeaders()
        for value in headers.data { result.add(name: ALBHeaders.dataName, value: value) }
        for value in headers.accessToken { result.add(name: ALBHeaders.accessTokenName, value: value) }
        for value in headers.identity { result.add(name: ALBHeaders.identityName, value: value) }
        return result
    }

    @Test("the ALB's headers or a bearer token reach the same guards; forged headers are refused")
    func eitherPath() async throws {
        let pool = Fixtures.issuer
        let alb = LocalALB(pool: pool)
        let keys = try await alb.startKeyServer()
        do {
            let albVerifier = try ALBVerifier(
                configuration: alb.configuration(keyBaseURL: keys.baseURL), accessTokenVerifier: Fixtures.verifier)
            try await withCognitoApp(
                verifier: Fixtures.verifier,
                configure: { app in
                    let api = app.grouped(
                        app.cognito.authenticator(), CognitoALBAuthenticator<CognitoIdentity>(verifier: albVerifier))
                    api.grouped(app.cognito.guard()).get("me") { req in
                        try req.auth.require(CognitoIdentity.self).username ?? "client"
                    }
                    api.grouped(app.cognito.guard(anyOfGroups: ["admin"])).get("admin") { _ in "admin" }
                }
            ) { app in
                try await app.testing().test(.GET, "me", headers: vaporHeaders(alb.headers(username: "alice"))) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == "alice")
                }
                try await app.testing().test(.GET, "me", headers: bearer(pool.idToken(username: "bob"))) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == "bob")
                }
                try await app.testing().test(.GET, "me") { res in expectMissingToken(res) }
                let admin = vaporHeaders(alb.headers(username: "root", groups: ["admin"]))
                try await app.testing().test(.GET, "admin", headers: admin) { res in #expect(res.status == .ok) }
                try await app.testing().test(.GET, "admin", headers: vaporHeaders(alb.headers(username: "alice"))) {
                    res in
                    #expect(res.status == .forbidden)
                }
                let other = LocalALB(
                    pool: pool,
                    arn: "arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/other/1234567890abcdef")
                try await app.testing().test(.GET, "me", headers: vaporHeaders(other.headers(username: "alice"))) {
                    res in
                    expectInvalidToken(res, "wrong_signer")
                }
                var mismatched = alb.headers(username: "alice")
                mismatched.accessToken = [pool.accessToken(username: "mallory")]
                try await app.testing().test(.GET, "me", headers: vaporHeaders(mismatched)) { res in
                    expectInvalidToken(res, "subject_mismatch")
                }
                // A verified bearer token is not undone by stray ALB headers that fail.
                var both = bearer(pool.idToken(username: "bob"))
                both.add(contentsOf: vaporHeaders(other.headers(username: "alice")))
                try await app.testing().test(.GET, "me", headers: both) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == "bob")
                }
            }
        } catch {
            try await keys.shutdown()
            throw error
        }
        try await keys.shutdown()
    }
}
