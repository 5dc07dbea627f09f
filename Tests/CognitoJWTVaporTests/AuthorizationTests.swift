import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

@Suite("Authorization: groups, scopes, client credentials")
struct AuthorizationTests {
    let issuer = Fixtures.issuer
    let verifier = Fixtures.verifier

    @Test("a token in one of the groups passes; outside them 403 forbidden without a challenge")
    func groups() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            for groups in [["admin"], ["ops", "staff"]] {
                try await app.testing().test(
                    .GET, "admin", headers: bearer(issuer.idToken(username: "a", groups: groups))
                ) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == "admin")
                }
            }
            for groups in [[], ["staff"], ["Admin"]] {
                try await app.testing().test(
                    .GET, "admin", headers: bearer(issuer.accessToken(username: "b", groups: groups))
                ) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.challenge == nil)
                    #expect(res.body.string == #"{"error":"forbidden","reason":"missing_group"}"#)
                    #expect(res.contentType == "application/json")
                }
            }
        }
    }

    @Test("a missing scope is 403 insufficient_scope; ID tokens carry no scopes")
    func scopes() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            try await app.testing().test(
                .GET, "orders", headers: bearer(issuer.accessToken(username: "a", scopes: ["orders/read"]))
            ) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "orders")
            }
            for token in [issuer.accessToken(username: "a", scopes: ["orders/write"]), issuer.idToken(username: "a")] {
                try await app.testing().test(.GET, "orders", headers: bearer(token)) { res in
                    #expect(res.status == .forbidden)
                    #expect(
                        res.challenge
                            == #"Bearer realm="api", error="insufficient_scope", error_description="missing_scope""#)
                    #expect(res.body.string == #"{"error":"insufficient_scope","reason":"missing_scope"}"#)
                    #expect(res.contentType == "application/json")
                }
            }
        }
    }

    @Test("groups and scopes together: both must hold")
    func groupsAndScopes() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(app.cognito.authenticator())
                    .grouped(app.cognito.guard(anyOfGroups: ["admin"], allOfScopes: ["orders/write"]))
                    .post("orders") { _ in "created" }
            }
        ) { app in
            let both = issuer.accessToken(username: "a", groups: ["admin"], scopes: ["orders/write"])
            try await app.testing().test(.POST, "orders", headers: bearer(both)) { res in #expect(res.status == .ok) }
            let groupOnly = issuer.accessToken(username: "a", groups: ["admin"])
            try await app.testing().test(.POST, "orders", headers: bearer(groupOnly)) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string == #"{"error":"insufficient_scope","reason":"missing_scope"}"#)
            }
            let scopeOnly = issuer.accessToken(username: "a", scopes: ["orders/write"])
            try await app.testing().test(.POST, "orders", headers: bearer(scopeOnly)) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string == #"{"error":"forbidden","reason":"missing_group"}"#)
            }
        }
    }

    @Test("client-credentials tokens (no user) authenticate as the app client and pass scope guards")
    func clientCredentials() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            let machine = issuer.clientCredentialsToken(scopes: ["orders/read"])
            try await app.testing().test(.GET, "me", headers: bearer(machine)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "\(issuer.clientID) client=true")
            }
            try await app.testing().test(.GET, "orders", headers: bearer(machine)) { res in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "admin", headers: bearer(machine)) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string == #"{"error":"forbidden","reason":"missing_group"}"#)
            }
        }
    }

    @Test("req.cognito.require in a handler: 401, 403 and the claims")
    func requireInHandler() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(app.cognito.authenticator()).get("inline") { req in
                    let claims = try req.cognito.require(anyOfGroups: ["admin"])
                    return claims.username ?? "-"
                }
            }
        ) { app in
            try await app.testing().test(.GET, "inline") { res in
                #expect(res.status == .unauthorized)
                #expect(res.challenge == #"Bearer realm="api""#)
                #expect(res.body.string.contains("missing_token") == true)
            }
            let expired = issuer.idToken(username: "a", expiresIn: 1, issuedAt: Int(Date().timeIntervalSince1970) - 100)
            try await app.testing().test(.GET, "inline", headers: bearer(expired)) { res in
                #expect(res.status == .unauthorized)
                #expect(res.challenge == #"Bearer realm="api", error="invalid_token", error_description="expired""#)
            }
            try await app.testing().test(.GET, "inline", headers: bearer(issuer.idToken(username: "eve"))) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("missing_group") == true)
            }
            try await app.testing().test(
                .GET, "inline", headers: bearer(issuer.idToken(username: "root", groups: ["admin"]))
            ) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "root")
            }
        }
    }

    @Test("req.cognito.claims is set only for authenticated requests")
    func claimsOnRequest() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(app.cognito.authenticator()).get("who") { req in
                    "\(req.cognito.claims?.email ?? "none") \(req.cognito.failure?.reason ?? "none")"
                }
            }
        ) { app in
            try await app.testing().test(
                .GET, "who", headers: bearer(issuer.idToken(username: "fay", email: "fay@example.org"))
            ) { res in
                #expect(res.body.string == "fay@example.org none")
            }
            try await app.testing().test(.GET, "who", headers: bearer("x.y.z")) { res in
                #expect(res.body.string == "none malformed")
            }
            try await app.testing().test(.GET, "who") { res in
                #expect(res.body.string == "none none")
            }
        }
    }
}
