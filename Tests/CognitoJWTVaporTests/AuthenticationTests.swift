import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

@Suite("Authentication: statuses and headers")
struct AuthenticationTests {
    let issuer = Fixtures.issuer
    let verifier = Fixtures.verifier

    @Test("a valid ID or access token reaches the protected route as the caller")
    func validTokens() async throws {
        let alice = issuer.subject(for: "alice")
        try await withCognitoApp(verifier: verifier) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "\(alice) client=false")
            }
            try await app.testing().test(.GET, "me", headers: bearer(issuer.accessToken(username: "alice"))) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "\(alice) client=false")
            }
        }
    }

    @Test("the scheme is case-insensitive", arguments: ["bearer", "BEARER", "BeArEr"])
    func schemeCase(scheme: String) async throws {
        try await withCognitoApp(verifier: verifier) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "bob"), scheme: scheme)) {
                res in
                #expect(res.status == .ok)
                #expect(res.body.string == "\(issuer.subject(for: "bob")) client=false")
            }
        }
    }

    @Test("no token: public routes served anonymously, protected routes 401 with a bare challenge")
    func noToken() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            try await app.testing().test(.GET, "public") { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "anonymous")
            }
            try await app.testing().test(.GET, "me") { res in expectMissingToken(res) }
            try await app.testing().test(.GET, "admin") { res in expectMissingToken(res) }
        }
    }

    @Test("another scheme (Basic) is not ours: public 200, protected 401 missing token")
    func otherScheme() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            let basic = HTTPHeaders([("Authorization", "Basic YWxpY2U6c2VjcmV0")])
            try await app.testing().test(.GET, "public", headers: basic) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "anonymous")
            }
            try await app.testing().test(.GET, "me", headers: basic) { res in expectMissingToken(res) }
        }
    }

    @Test("rejected tokens: 401 invalid_token with the reason; public routes untouched")
    func rejectedTokens() async throws {
        let now = Int(Date().timeIntervalSince1970)
        let stranger = Fixtures.impostor  // same iss, other keys
        let cases: [(token: String, code: String)] = [
            (issuer.idToken(username: "alice", expiresIn: 60, issuedAt: now - 3600), "expired"),
            (issuer.idToken(username: "alice", issuedAt: now + 3600), "not_yet_valid"),
            (issuer.idToken(username: "alice", extraClaims: ["aud": "someone-else"]), "wrong_audience"),
            (issuer.idToken(username: "alice", extraClaims: ["iss": "https://evil.example.com"]), "wrong_issuer"),
            (stranger.idToken(username: "alice"), "unknown_key"),
            ("not.a.jwt", "malformed"),
            (String(issuer.idToken(username: "alice").dropLast(4)) + "AAAA", "invalid_signature"),
        ]
        try await withCognitoApp(verifier: verifier) { app in
            for (token, code) in cases {
                try await app.testing().test(.GET, "me", headers: bearer(token)) { res in expectInvalidToken(res, code)
                }
                try await app.testing().test(.GET, "admin", headers: bearer(token)) { res in
                    expectInvalidToken(res, code)
                }
                try await app.testing().test(.GET, "public", headers: bearer(token)) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == "anonymous")
                }
            }
        }
    }

    @Test(
        "an unreadable bearer header is 401 malformed on protected routes, ignored on public ones",
        arguments: ["Bearer", "Bearer ", "Bearer a b", "Bearer abc\u{01}def", "Bearer abc\tdef", "Bearer tökén"])
    func unreadableHeader(value: String) async throws {
        try await withCognitoApp(verifier: verifier) { app in
            let headers = HTTPHeaders([("Authorization", value)])
            try await app.testing().test(.GET, "me", headers: headers) { res in expectInvalidToken(res, "malformed") }
            try await app.testing().test(.GET, "public", headers: headers) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "anonymous")
            }
        }
    }

    @Test("two bearer Authorization headers are 401 malformed")
    func twoHeaders() async throws {
        let token = issuer.idToken(username: "alice")
        try await withCognitoApp(verifier: verifier) { app in
            let headers = HTTPHeaders([("Authorization", "Bearer \(token)"), ("Authorization", "Bearer \(token)")])
            try await app.testing().test(.GET, "me", headers: headers) { res in expectInvalidToken(res, "malformed") }
        }
    }

    @Test("the realm comes from app.cognito.realm, or the guard's own")
    func realm() async throws {
        let expired = issuer.idToken(
            username: "alice", expiresIn: 60, issuedAt: Int(Date().timeIntervalSince1970) - 600)
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                #expect(app.cognito.realm == "api")
                app.cognito.realm = "orders \"v2\""
                let api = app.grouped(app.cognito.authenticator())
                api.grouped(app.cognito.guard()).get("me") { _ in "me" }
                api.grouped(CognitoGuardMiddleware(realm: "billing")).get("billing") { _ in "billing" }
            }
        ) { app in
            try await app.testing().test(.GET, "me") { res in expectMissingToken(res, realm: #"orders \"v2\""#) }
            try await app.testing().test(.GET, "me", headers: bearer(expired)) { res in
                expectInvalidToken(res, "expired", realm: #"orders \"v2\""#)
            }
            try await app.testing().test(.GET, "billing") { res in expectMissingToken(res, realm: "billing") }
        }
    }

    @Test("composes in Vapor style: CognitoAuthenticator then CognitoGuardMiddleware, with req.cognito")
    func composition() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(CognitoAuthenticator<CognitoIdentity>(verifier: verifier))
                    .grouped(CognitoGuardMiddleware(anyOfGroups: ["admin"]))
                    .get("claims") { req in
                        let claims = try req.cognito.require()
                        return "\(claims.username ?? "-") \(claims.groups) \(req.cognito.failure == nil)"
                    }
            }
        ) { app in
            let token = issuer.idToken(username: "carol", groups: ["admin"])
            try await app.testing().test(.GET, "claims", headers: bearer(token)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == #"carol ["admin"] true"#)
            }
            try await app.testing().test(.GET, "claims", headers: bearer(issuer.idToken(username: "dave"))) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("a guard without an authenticator before it lets nobody through")
    func guardAlone() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(app.cognito.guard()).get("me") { _ in "me" }
            }
        ) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                expectMissingToken(res)
            }
        }
    }

    @Test("other authenticators keep working next to Cognito's")
    func otherAuthenticators() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(app.cognito.authenticator(), StaticBasicAuthenticator())
                    .grouped(BasicUser.guardMiddleware())
                    .get("basic") { req in try req.auth.require(BasicUser.self).name }
            }
        ) { app in
            let headers = HTTPHeaders([("Authorization", "Basic " + Data("ernie:secret".utf8).base64EncodedString())])
            try await app.testing().test(.GET, "basic", headers: headers) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "ernie")
            }
            try await app.testing().test(.GET, "basic", headers: bearer(issuer.idToken(username: "alice"))) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }
}

/// A user of another authentication scheme.
struct BasicUser: Authenticatable {
    let name: String
}

/// Accepts `ernie:secret`.
struct StaticBasicAuthenticator: AsyncBasicAuthenticator {
    func authenticate(basic: BasicAuthorization, for request: Request) async throws {
        if basic.username == "ernie" && basic.password == "secret" { request.auth.login(BasicUser(name: "ernie")) }
    }
}
