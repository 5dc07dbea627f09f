import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import Foundation
import GRPCCore
import Testing

@Suite("Requirements by method and service, and public methods")
struct AuthorizationTests {
    let issuer: LocalCognitoIssuer

    init() throws { issuer = try sharedIssuer.get() }

    /// Admin needs group `admin`, Orders scope `orders/read`, Health nothing.
    func interceptor() throws -> CognitoServerInterceptor {
        CognitoServerInterceptor(
            verifier: try issuer.verifier(),
            methods: [
                TestService.adminOnly: CognitoRequirements(anyOfGroups: ["admin"]),
                TestService.orders: CognitoRequirements(allOfScopes: ["orders/read"]),
            ],
            publicMethods: [TestService.health])
    }

    @Test("a group-guarded method: through with the group, permissionDenied missing_group without it")
    func groupGuard() async throws {
        let admin = issuer.idToken(username: "root", groups: ["staff", "admin"])
        let staff = issuer.idToken(username: "bob", groups: ["staff"])
        let none = issuer.accessToken(username: "carol")
        try await withTestServer(try interceptor()) { client in
            #expect(
                try await client.unary(TestService.adminOnly, token: admin).get()
                    == "\(issuer.subject(for: "root")) root id [staff,admin]")
            for token in [staff, none] {
                let answer = try await client.unary(TestService.adminOnly, token: token)
                expectRejected(answer, .permissionDenied, "missing_group", token: token)
                #expect(challenge(answer).isEmpty)
            }
            // A group name is compared byte for byte.
            let lookalike = issuer.idToken(username: "eve", groups: ["ADMIN", "admin "])
            expectRejected(
                try await client.unary(TestService.adminOnly, token: lookalike), .permissionDenied, "missing_group")
            expectRejected(try await client.unary(TestService.adminOnly, token: nil), .unauthenticated, "missing_token")
            // The other methods do not need the group.
            #expect(try await client.unary(TestService.whoAmI, token: staff).get().contains(" bob id "))
        }
    }

    @Test("a scope requirement: an access token with the scope passes; without it, or an ID token, missing_scope")
    func scopeRequirement() async throws {
        let reader = issuer.accessToken(username: "alice", scopes: ["orders/read"])
        let client = issuer.clientCredentialsToken(scopes: ["orders/read", "orders/write"])
        let writer = issuer.accessToken(username: "alice", scopes: ["orders/write"])
        let id = issuer.idToken(username: "alice")
        try await withTestServer(try interceptor()) { rpc in
            #expect(try await rpc.unary(TestService.orders, token: reader).get().hasSuffix(" alice access []"))
            #expect(try await rpc.unary(TestService.orders, token: client).get().hasPrefix(issuer.clientID))
            for token in [writer, id] {
                let answer = try await rpc.unary(TestService.orders, token: token)
                expectRejected(answer, .permissionDenied, "missing_scope", token: token)
                #expect(
                    challenge(answer) == [
                        #"Bearer realm="api", error="insufficient_scope", error_description="missing_scope""#
                    ])
            }
        }
    }

    @Test("a public method needs no token, sees a valid one's identity, and learns why a bad one was refused")
    func publicMethod() async throws {
        let token = issuer.idToken(username: "alice")
        let expired = issuer.idToken(username: "alice", expiresIn: -60)
        try await withTestServer(try interceptor()) { client in
            #expect(try await client.unary(TestService.health, token: nil).get() == "anonymous none")
            #expect(
                try await client.unary(TestService.health, token: token).get()
                    == "\(issuer.subject(for: "alice")) alice id []")
            #expect(try await client.unary(TestService.health, token: expired).get() == "anonymous expired")
            #expect(
                try await client.unary(TestService.health, authorization: ["Bearer a b"]).get() == "anonymous malformed"
            )
            // The same tokens on a protected method of the same server.
            expectRejected(try await client.unary(TestService.whoAmI, token: nil), .unauthenticated, "missing_token")
            expectRejected(try await client.unary(TestService.whoAmI, token: expired), .unauthenticated, "expired")
        }
    }

    @Test("a method's requirements replace its service's, which replace the default")
    func precedence() async throws {
        let interceptor = CognitoServerInterceptor(
            verifier: try issuer.verifier(),
            default: CognitoRequirements(anyOfGroups: ["staff"]),
            services: [TestService.admin: CognitoRequirements(anyOfGroups: ["ops"])],
            // The descriptor's RPC type does not matter.
            methods: [MethodDescriptor(service: TestService.echo, method: "WhoAmI", type: .unary): .none])
        let plain = issuer.idToken(username: "alice")
        let staff = issuer.idToken(username: "bob", groups: ["staff"])
        let ops = issuer.idToken(username: "olga", groups: ["ops"])
        try await withTestServer(interceptor) { client in
            #expect(try await client.unary(TestService.whoAmI, token: plain).get().contains(" alice id "))
            expectRejected(try await client.unary(TestService.orders, token: plain), .permissionDenied, "missing_group")
            expectRejected(try await client.unary(TestService.orders, token: ops), .permissionDenied, "missing_group")
            #expect(try await client.unary(TestService.orders, token: staff).get().contains(" bob id "))
            expectRejected(try await client.unary(TestService.stats, token: staff), .permissionDenied, "missing_group")
            #expect(try await client.unary(TestService.stats, token: ops).get().contains(" olga id "))
            expectRejected(try await client.unary(TestService.stats, token: nil), .unauthenticated, "missing_token")
        }
    }

    @Test("unmet step-up requirements are unauthenticated insufficient_user_authentication with RFC 9470's challenge")
    func stepUp() async throws {
        let interceptor = CognitoServerInterceptor(
            verifier: try issuer.verifier(),
            methods: [
                TestService.adminOnly: CognitoRequirements(anyOfACR: ["urn:cognito:loa:3"], maxAge: .seconds(300))
            ])
        let now = Int(Date().timeIntervalSince1970)
        let strong = issuer.idToken(
            username: "alice",
            extraClaims: LocalCognitoIssuer.authenticationClaims(acr: "urn:cognito:loa:3", authTime: now - 10))
        let weak = issuer.idToken(
            username: "alice",
            extraClaims: LocalCognitoIssuer.authenticationClaims(acr: "urn:cognito:loa:1", authTime: now - 10))
        let stale = issuer.idToken(
            username: "alice",
            extraClaims: LocalCognitoIssuer.authenticationClaims(acr: "urn:cognito:loa:3", authTime: now - 3600))
        try await withTestServer(interceptor) { client in
            #expect(try await client.unary(TestService.adminOnly, token: strong).get().contains(" alice id "))
            for token in [weak, stale] {
                let answer = try await client.unary(TestService.adminOnly, token: token)
                expectRejected(answer, .unauthenticated, "insufficient_user_authentication", token: token)
                let expected =
                    #"Bearer realm="api", error="insufficient_user_authentication", "#
                    + #"error_description="A different authentication level is required", "#
                    + #"acr_values="urn:cognito:loa:3", max_age="300""#
                #expect(challenge(answer) == [expected])
            }
        }
    }
}
