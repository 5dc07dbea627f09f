import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

/// The app's own user, as a database would hold it.
struct AppUser: Authenticatable, Sendable {
    let id: Int
    let email: String
}

/// A user type that finds itself from the claims (the ``CognitoUserMapping`` protocol).
struct Member: CognitoUserMapping {
    let name: String

    static func user(for claims: CognitoClaims, on request: Request) async throws -> Member? {
        guard let name = claims.username, name != "ghost" else { return nil }
        return Member(name: name)
    }
}

/// An error of the app's own, without an HTTP status.
struct DatabaseDown: Error {}

@Suite("User mapping: the app's own user")
struct UserMappingTests {
    let issuer = Fixtures.issuer
    let verifier = Fixtures.verifier

    /// Routes whose authenticator maps users with `hook`.
    func routes(
        _ hook: @escaping @Sendable (CognitoClaims, Request) async throws -> AppUser?
    ) -> @Sendable (Application) async throws -> Void {
        { app in
            let api = app.grouped(app.cognito.authenticator(user: hook))
            api.get("public") { req in req.auth.get(AppUser.self).map { "user \($0.id)" } ?? "anonymous" }
            api.grouped(app.cognito.guard()).get("me") { req in
                let user = try req.auth.require(AppUser.self)
                return "\(user.id) \(user.email)"
            }
        }
    }

    @Test("the hook's user is logged in; nil is 401 unknown_user; public routes stay anonymous")
    func closureHook() async throws {
        let users = ["alice": AppUser(id: 1, email: "alice@corp.example")]
        let calls = LockedValue(0)
        try await withCognitoApp(
            verifier: verifier,
            configure: routes { claims, _ in
                calls.withLock { $0 += 1 }
                return claims.username.flatMap { users[$0] }
            }
        ) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "1 alice@corp.example")
            }
            let unknown = issuer.accessToken(username: "mallory")
            try await app.testing().test(.GET, "me", headers: bearer(unknown)) { res in
                expectInvalidToken(res, "unknown_user")
            }
            try await app.testing().test(.GET, "public", headers: bearer(unknown)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "anonymous")
            }
            #expect(calls.withLock { $0 } == 3)
            // A rejected token never reaches the hook.
            try await app.testing().test(.GET, "me", headers: bearer("a.b.c")) { res in
                expectInvalidToken(res, "malformed")
            }
            #expect(calls.withLock { $0 } == 3)
        }
    }

    @Test("a hook that throws its own error fails the request with it (500), and only then")
    func throwingHook() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: routes { claims, _ in
                if claims.username == "boom" { throw DatabaseDown() }
                return AppUser(id: 7, email: "ok@example.com")
            }
        ) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "boom"))) { res in
                #expect(res.status == .internalServerError)
            }
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "fine"))) { res in
                #expect(res.status == .ok)
            }
            let expired = issuer.idToken(
                username: "boom", expiresIn: 1, issuedAt: Int(Date().timeIntervalSince1970) - 100)
            try await app.testing().test(.GET, "me", headers: bearer(expired)) { res in
                expectInvalidToken(res, "expired")
            }
        }
    }

    @Test("a hook that throws an AbortError answers with its status")
    func abortingHook() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: routes { _, _ in
                throw Abort(.locked, reason: "account locked")
            }
        ) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                #expect(res.status == .locked)
                #expect(res.body.string.contains("account locked") == true)
            }
        }
    }

    @Test("client-credentials tokens reach the hook with no user name")
    func clientCredentialsHook() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: routes { claims, _ in
                claims.isClientCredentials ? AppUser(id: 0, email: "service:\(claims.clientID ?? "?")") : nil
            }
        ) { app in
            try await app.testing().test(
                .GET, "me", headers: bearer(issuer.clientCredentialsToken(scopes: ["orders/read"]))
            ) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "0 service:\(issuer.clientID)")
            }
        }
    }

    @Test("a user type conforming to CognitoUserMapping")
    func protocolHook() async throws {
        try await withCognitoApp(
            verifier: verifier,
            configure: { app in
                app.grouped(app.cognito.authenticator(Member.self))
                    .grouped(app.cognito.guard())
                    .get("member") { req in try req.auth.require(Member.self).name }
            }
        ) { app in
            try await app.testing().test(.GET, "member", headers: bearer(issuer.accessToken(username: "gina"))) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "gina")
            }
            try await app.testing().test(.GET, "member", headers: bearer(issuer.accessToken(username: "ghost"))) {
                res in
                expectInvalidToken(res, "unknown_user")
            }
        }
    }
}
