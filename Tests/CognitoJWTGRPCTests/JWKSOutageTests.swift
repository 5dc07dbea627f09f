import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import GRPCCore
import Testing

@Suite("An unavailable JWKS")
struct JWKSOutageTests {
    let issuer: LocalCognitoIssuer

    init() throws { issuer = try sharedIssuer.get() }

    /// Expects every protected RPC with `token` to be `unavailable` `jwks_unavailable`, public ones to go on.
    func expectOutage(_ interceptor: CognitoServerInterceptor, token: String) async throws {
        try await withTestServer(interceptor) { client in
            for method in [TestService.whoAmI, TestService.adminOnly] {
                let answer = try await client.unary(method, token: token)
                expectRejected(answer, .unavailable, "jwks_unavailable", token: token)
                #expect(challenge(answer).isEmpty)
            }
            expectRejected(try await client.count(2, token: token), .unavailable, "jwks_unavailable", token: token)
            #expect(try await client.unary(TestService.health, token: token).get() == "anonymous jwks_unavailable")
            // Without a token nothing is fetched and the answer is the usual one.
            expectRejected(try await client.unary(TestService.whoAmI, token: nil), .unauthenticated, "missing_token")
        }
    }

    func interceptor(jwksURL: String) throws -> CognitoServerInterceptor {
        CognitoServerInterceptor(
            verifier: try CognitoVerifier(pools: [issuer.pool(keySource: .url(jwksURL))]),
            methods: [TestService.adminOnly: CognitoRequirements(anyOfGroups: ["admin"])],
            publicMethods: [TestService.health])
    }

    @Test("the issuer's JWKS server stopped (a closed port): unavailable jwks_unavailable, never internal")
    func stoppedServer() async throws {
        let jwks = try await issuer.startJWKSServer()
        let url = jwks.baseURL + issuer.jwksPath
        try await jwks.shutdown()
        try await expectOutage(
            try interceptor(jwksURL: url), token: issuer.idToken(username: "alice", groups: ["admin"]))
    }

    @Test("a JWKS server answering 500: unavailable jwks_unavailable")
    func failingServer() async throws {
        let broken = try await LocalHTTPServer.start { _ in .status(500) }
        do {
            let interceptor = try interceptor(jwksURL: broken.baseURL + issuer.jwksPath)
            try await expectOutage(interceptor, token: issuer.accessToken(username: "alice", groups: ["admin"]))
            #expect(broken.requestCount >= 1)
        } catch {
            try await broken.shutdown()
            throw error
        }
        try await broken.shutdown()
    }

    @Test("with the JWKS served over HTTP, tokens go through after one fetch")
    func servedJWKS() async throws {
        let jwks = try await issuer.startJWKSServer()
        do {
            let token = issuer.idToken(username: "alice")
            let interceptor = try interceptor(jwksURL: jwks.baseURL + issuer.jwksPath)
            try await withTestServer(interceptor) { client in
                let answer = try await client.unary(TestService.whoAmI, token: token)
                #expect(try answer.get().contains(" alice id "))
            }
            #expect(jwks.requestCount == 1)
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }
}
