import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Testing

@Suite("Groups, roles, scopes and client-credentials tokens")
struct AuthorizationTests {
    let issuer: LocalCognitoIssuer
    let verifier: CognitoVerifier

    init() throws {
        issuer = try sharedIssuer.get()
        verifier = try issuer.verifier()
    }

    @Test("a group requirement is a 403 forbidden for a valid token without the group")
    func groups() async throws {
        let admin = issuer.idToken(username: "root", groups: ["users", "admin"])
        let user = issuer.idToken(username: "alice", groups: ["users"])
        let noGroups = issuer.accessToken(username: "bob")
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/admin", method: .get, headers: bearer(admin)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "admin area")
            }
            for token in [user, noGroups] {
                try await client.execute(uri: "/admin", method: .get, headers: bearer(token)) { response in
                    expectRejection(response, rejection(.missingGroup))
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.wwwAuthenticate] == nil)
                    #expect(text(response) == #"{"error":"forbidden","reason":"missing_group"}"#)
                }
            }
            // The guard still answers 401 first when there is no valid token.
            try await client.execute(uri: "/admin", method: .get) { response in
                expectRejection(response, .missingToken(realm: "api"))
            }
        }
    }

    @Test("any of several groups is enough")
    func anyOfGroups() async throws {
        let router = Router(context: IdentityContext.self)
        router.add(middleware: CognitoAuthenticator(verifier: verifier))
        router.group("ops").add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin", "operators"]))
            .get { _, _ in "ops" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(
                uri: "/ops", method: .get,
                headers: bearer(issuer.idToken(username: "o", groups: ["operators"]))
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/ops", method: .get,
                headers: bearer(issuer.idToken(username: "u", groups: ["users"]))
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("Cognito groups are hummingbird-auth roles: RolePolicy works unchanged")
    func rolePolicy() async throws {
        let identity = CognitoIdentity(
            claims: try await verifier.verify(issuer.idToken(username: "s", groups: ["staff", "x"])))
        #expect(identity.roles == ["staff", "x"])
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(
                uri: "/staff", method: .get,
                headers: bearer(issuer.idToken(username: "s", groups: ["staff"]))
            ) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "staff area")
            }
            try await client.execute(
                uri: "/staff", method: .get,
                headers: bearer(issuer.idToken(username: "u", groups: ["users"]))
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/staff", method: .get) { response in
                expectRejection(response, .missingToken(realm: "api"))
            }
        }
    }

    @Test("RolePolicy compares group names byte for byte, like the guards: a Kelvin sign is not a K")
    func rolePolicyIsByteExact() async throws {
        let claims = try await verifier.verify(issuer.idToken(username: "k", groups: ["\u{212A}"]))
        let identity = CognitoIdentity(claims: claims)
        #expect("\u{212A}" == "K")  // Swift's String == says equal…
        #expect(!identity.roles.contains("K"))  // …the roles do not, and agree with the guards' check.
        #expect(identity.roles.contains("\u{212A}"))
        #expect(!claims.isMember(of: "K") && claims.isMember(of: "\u{212A}"))
        #expect(CognitoGroup("e\u{0301}") != CognitoGroup("\u{00E9}"))
        #expect(Set([CognitoGroup("e\u{0301}"), CognitoGroup("\u{00E9}")]).count == 2)
        let router = Router(context: BasicCognitoRequestContext<CognitoIdentity>.self)
        router.add(middleware: CognitoAuthenticator(verifier: verifier))
        router.group("k").add(middleware: CognitoGuardMiddleware())
            .add(middleware: AuthorizationPolicyMiddleware(RolePolicy("K")))
            .get { _, _ in "k area" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(
                uri: "/k", method: .get, headers: bearer(issuer.idToken(username: "k", groups: ["\u{212A}"]))
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/k", method: .get, headers: bearer(issuer.idToken(username: "k", groups: ["K"]))
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a scope requirement is a 403 insufficient_scope for a token without the scope, and for an ID token")
    func scopes() async throws {
        let reader = issuer.accessToken(username: "alice", scopes: ["orders/read"])
        let writer = issuer.accessToken(username: "alice", scopes: ["orders/write"])
        let idToken = issuer.idToken(username: "alice", extraClaims: ["scope": "orders/read"])
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/orders", method: .get, headers: bearer(reader)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "orders")
            }
            for token in [writer, idToken] {
                try await client.execute(uri: "/orders", method: .get, headers: bearer(token)) { response in
                    expectRejection(response, rejection(.missingScope))
                    #expect(response.status == .forbidden)
                    #expect(
                        response.headers[.wwwAuthenticate]
                            == #"Bearer realm="api", error="insufficient_scope", error_description="missing_scope""#)
                    #expect(text(response) == #"{"error":"insufficient_scope","reason":"missing_scope"}"#)
                }
            }
        }
    }

    @Test("ScopePolicy is the scope counterpart of RolePolicy")
    func scopePolicy() async throws {
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(
                uri: "/reports", method: .get,
                headers: bearer(issuer.accessToken(username: "a", scopes: ["reports/read"]))
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/reports", method: .get,
                headers: bearer(issuer.accessToken(username: "a", scopes: ["orders/read"]))
            ) { response in
                expectRejection(response, rejection(.missingScope))
            }
        }
        // Composes with the hummingbird-auth combinators.
        let router = Router(context: IdentityContext.self)
        router.add(middleware: CognitoAuthenticator(verifier: verifier))
        router.group("either")
            .add(middleware: CognitoGuardMiddleware())
            .add(
                middleware: AuthorizationPolicyMiddleware(
                    anyOf {
                        RolePolicy("admin"); ScopePolicy("reports/admin")
                    },
                    deniedError: CognitoHTTPError.missingGroup())
            )
            .get { _, _ in "either" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(
                uri: "/either", method: .get,
                headers: bearer(issuer.idToken(username: "r", groups: ["admin"]))
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/either", method: .get,
                headers: bearer(issuer.accessToken(username: "a", scopes: ["reports/admin"]))
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/either", method: .get,
                headers: bearer(issuer.accessToken(username: "a", scopes: ["reports/read"]))
            ) { response in
                expectRejection(response, rejection(.missingGroup))
            }
        }
    }

    @Test("client-credentials tokens authenticate as a client, with their scopes")
    func clientCredentials() async throws {
        let machine = issuer.clientCredentialsToken(scopes: ["orders/read"])
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: bearer(machine)) { response in
                #expect(response.status == .ok)
                #expect(
                    text(response)
                        == #"{"id":"\#(issuer.clientID)","username":null,"isClient":true,"groups":[],"scopes":["orders/read"]}"#
                )
            }
            try await client.execute(uri: "/orders", method: .get, headers: bearer(machine)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/admin", method: .get, headers: bearer(machine)) { response in
                expectRejection(response, rejection(.missingGroup))
            }
            try await client.execute(uri: "/reports", method: .get, headers: bearer(machine)) { response in
                expectRejection(response, rejection(.missingScope))
            }
        }
    }
}
