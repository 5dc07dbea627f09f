import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Testing

/// The app's own user, as a database would return it.
struct AppUser: Sendable, RoleProviding, CognitoClaimsProviding {
    let id: Int
    let name: String
    let roles: Set<String>
    let cognitoClaims: CognitoClaims
}

/// The app's own storage error.
struct UserStoreDown: Error {}

/// An in-memory "get or create" user table keyed by `sub`.
final class AppUserStore: Sendable {
    private let table = LockedValue<(users: [String: Int], calls: Int)>(([:], 0))

    /// Number of times the hook ran.
    var calls: Int { table.withLock { $0.calls } }

    /// The hook: `ghost` is unknown, `crash` breaks the store, `busy` answers the app's own 503;
    /// a client-credentials token maps to a service account.
    func user(for claims: CognitoClaims) throws -> AppUser? {
        try table.withLock { table -> AppUser? in
            table.calls += 1
            switch claims.username {
            case "ghost": return nil
            case "crash": throw UserStoreDown()
            case "busy": throw HTTPError(.serviceUnavailable, message: "maintenance")
            default: break
            }
            let key = claims.subject ?? ""
            let id = table.users[key] ?? (table.users.count + 1)
            table.users[key] = id
            let name = claims.isClientCredentials ? "service:\(claims.clientID ?? "")" : (claims.username ?? "")
            return AppUser(id: id, name: name, roles: Set(claims.groups), cognitoClaims: claims)
        }
    }
}

typealias UserContext = BasicCognitoRequestContext<AppUser>

@Suite("The user-mapping hook")
struct UserMappingTests {
    let issuer: LocalCognitoIssuer
    let verifier: CognitoVerifier
    let store = AppUserStore()

    init() throws {
        issuer = try sharedIssuer.get()
        verifier = try issuer.verifier()
    }

    func app() -> some ApplicationProtocol {
        let router = Router(context: UserContext.self)
        router.add(
            middleware: CognitoAuthenticator(verifier: verifier) { [store] claims, _, _ in
                try store.user(for: claims)
            })
        router.get("public") { _, context in context.identity?.name ?? "anonymous" }
        let api = router.group("api").add(middleware: CognitoGuardMiddleware())
        api.get("me") { _, context in
            let user = try context.requireIdentity()
            return "\(user.id) \(user.name)"
        }
        router.group("admin")
            .add(middleware: CognitoGuardMiddleware())
            .add(middleware: AuthorizationPolicyMiddleware(RolePolicy<AppUser>("admin")))
            .get { _, context in try context.requireIdentity().name }
        return Application(router: router)
    }

    @Test("the hook's user is the identity; the same sub maps to the same user")
    func mapsUsers() async throws {
        try await app().test(.router) { client in
            for (name, expected) in [("alice", "1 alice"), ("bob", "2 bob"), ("alice", "1 alice")] {
                try await client.execute(
                    uri: "/api/me", method: .get,
                    headers: bearer(issuer.accessToken(username: name))
                ) { response in
                    #expect(response.status == .ok)
                    #expect(text(response) == expected)
                }
            }
        }
        #expect(store.calls == 3)
    }

    @Test("an app user conforming to RoleProviding works with RolePolicy")
    func appUserRoles() async throws {
        try await app().test(.router) { client in
            try await client.execute(
                uri: "/admin", method: .get,
                headers: bearer(issuer.idToken(username: "root", groups: ["admin"]))
            ) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "root")
            }
            try await client.execute(
                uri: "/admin", method: .get,
                headers: bearer(issuer.idToken(username: "alice"))
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("a hook returning nil is a 401 unknown_user on protected routes; public routes go on")
    func unknownUser() async throws {
        let ghost = issuer.idToken(username: "ghost")
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: bearer(ghost)) { response in
                expectRejection(response, .unknownUser(realm: "api"))
                #expect(
                    response.headers[.wwwAuthenticate]
                        == #"Bearer realm="api", error="invalid_token", error_description="unknown_user""#)
                #expect(text(response) == #"{"error":"invalid_token","reason":"unknown_user"}"#)
            }
            try await client.execute(uri: "/public", method: .get, headers: bearer(ghost)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous")
            }
        }
    }

    @Test("the hook's own errors propagate: a plain error is a 500, an HTTPError keeps its status")
    func throwingHook() async throws {
        try await app().test(.router) { client in
            try await client.execute(
                uri: "/api/me", method: .get,
                headers: bearer(issuer.idToken(username: "crash"))
            ) { response in
                #expect(response.status == .internalServerError)
            }
            try await client.execute(
                uri: "/api/me", method: .get,
                headers: bearer(issuer.idToken(username: "busy"))
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(text(response).contains("maintenance"))
            }
        }
    }

    @Test("the hook never runs for a refused token, and refused tokens are never a 500")
    func hookOnlyForVerifiedTokens() async throws {
        let refused = [
            issuer.idToken(username: "crash", expiresIn: -10), "x.y.z",
            issuer.idToken(username: "crash", extraClaims: ["aud": "other"]),
        ]
        try await app().test(.router) { client in
            for token in refused {
                try await client.execute(uri: "/api/me", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
        #expect(store.calls == 0)
    }

    @Test("client-credentials tokens reach the hook with no username")
    func clientCredentials() async throws {
        try await app().test(.router) { client in
            try await client.execute(
                uri: "/api/me", method: .get,
                headers: bearer(issuer.clientCredentialsToken(scopes: ["orders/read"]))
            ) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "1 service:\(issuer.clientID)")
            }
        }
    }

    @Test("other authenticators keep working next to the Cognito one")
    func otherAuthenticators() async throws {
        let router = Router(context: UserContext.self)
        router.add(
            middleware: CognitoAuthenticator(verifier: verifier) { [store] claims, _, _ in
                try store.user(for: claims)
            })
        router.add(
            middleware: ClosureAuthenticator { request, _ -> AppUser? in
                guard request.headers[.authorization] == "ApiKey s3cret" else { return nil }
                return AppUser(
                    id: 99, name: "api-key", roles: [],
                    cognitoClaims: try await verifier.verify(issuer.idToken(username: "api-key")))
            })
        router.group("any").add(middleware: IsAuthenticatedMiddleware()).get { _, context in
            try context.requireIdentity().name
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/any", method: .get, headers: [.authorization: "ApiKey s3cret"]) {
                response in
                #expect(response.status == .ok)
                #expect(text(response) == "api-key")
            }
            try await client.execute(
                uri: "/any", method: .get,
                headers: bearer(issuer.idToken(username: "alice"))
            ) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "alice")
            }
            try await client.execute(uri: "/any", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
