import CognitoJWT
import CognitoJWTTesting
import Testing
import VaporTesting

@testable import CognitoJWTVapor

@Suite("Configuration and lifecycle: start-up fetch, outages, rotation, shutdown")
struct LifecycleTests {
    @Test("start-up fetches the JWKS once; requests are then answered from memory")
    func hydrateAtBoot() async throws {
        let issuer = Fixtures.issuer
        let server = try await issuer.startJWKSServer()
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(server.baseURL + issuer.jwksPath))])
        try await withCognitoApp(verifier: verifier) { app in
            #expect(server.requestCount == 1)
            #expect(app.cognito.verifier === verifier)
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "me", headers: bearer(issuer.accessToken(username: "alice"))) { res in
                #expect(res.status == .ok)
            }
            #expect(server.requestCount == 1)
        }
        try await server.shutdown()
    }

    @Test("JWKS endpoint answering 500: the app still starts; protected routes 503, public routes 200")
    func jwksServerError() async throws {
        let issuer = Fixtures.issuer
        let server = try await LocalHTTPServer.start { _ in .status(500) }
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(server.baseURL + issuer.jwksPath))])
        try await withCognitoApp(verifier: verifier) { app in
            #expect(server.requestCount == 1)  // the start-up attempt
            let token = issuer.idToken(username: "alice")
            try await app.testing().test(.GET, "me", headers: bearer(token)) { res in expectJWKSUnavailable(res) }
            try await app.testing().test(.GET, "admin", headers: bearer(token)) { res in expectJWKSUnavailable(res) }
            try await app.testing().test(.GET, "public", headers: bearer(token)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "anonymous")
            }
            // Without a token the outage does not matter.
            try await app.testing().test(.GET, "me") { res in expectMissingToken(res) }
        }
        try await server.shutdown()
    }

    @Test("JWKS on a closed port: 503, never 500")
    func jwksClosedPort() async throws {
        let issuer = Fixtures.issuer
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(try await closedPortURL()))])
        try await withCognitoApp(verifier: verifier) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.accessToken(username: "alice"))) { res in
                expectJWKSUnavailable(res)
            }
        }
    }

    @Test("keys rotated while the app runs: the new key's tokens pass, the removed key's fail")
    func keyRotation() async throws {
        let issuer = try LocalCognitoIssuer()
        let server = try await issuer.startJWKSServer()
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(server.baseURL + issuer.jwksPath))])
        try await withCognitoApp(verifier: verifier) { app in
            let oldIDToken = issuer.idToken(username: "alice")  // signed with key 0
            try await app.testing().test(.GET, "me", headers: bearer(oldIDToken)) { res in #expect(res.status == .ok) }
            #expect(server.requestCount == 1)

            try issuer.rotateKeys()  // key 0 removed, a fresh key added
            let fresh = issuer.accessToken(username: "alice")  // signed with the fresh key
            try await app.testing().test(.GET, "me", headers: bearer(fresh)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == "\(issuer.subject(for: "alice")) client=false")
            }
            #expect(server.requestCount == 2)
            try await app.testing().test(.GET, "me", headers: bearer(oldIDToken)) { res in
                expectInvalidToken(res, "unknown_key")
            }
        }
        try await server.shutdown()
    }

    @Test("configure from the environment's COGNITO_* settings")
    func fromEnvironment() async throws {
        let issuer = Fixtures.issuer
        let server = try await issuer.startJWKSServer()
        let env = [
            "COGNITO_ISSUER": issuer.issuer,
            "COGNITO_AUDIENCE": "other-client, \(issuer.clientID)",
            "COGNITO_TOKEN_USE": "access",
            "COGNITO_JWKS_URL": server.baseURL + issuer.jwksPath,
        ]
        try await withApp(configure: { app in
            try app.cognito.configure(.fromEnvironment(env), realm: "shop")
            try await installRoutes(app)
            try await app.asyncBoot()
        }) { app in
            #expect(app.cognito.realm == "shop")
            #expect(server.requestCount == 1)
            try await app.testing().test(.GET, "me", headers: bearer(issuer.accessToken(username: "alice"))) { res in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                expectInvalidToken(res, "wrong_token_use", realm: "shop")
            }
        }
        try await server.shutdown()
    }

    @Test("an unusable configuration fails at start-up, not at the first request")
    func badEnvironment() async throws {
        try await withApp { app in
            #expect(throws: CognitoConfigurationError.self) {
                try app.cognito.configure(.fromEnvironment(["COGNITO_AWS_REGION": "eu-west-1"]))
            }
            #expect(app.cognito.verifier == nil)
            #expect(app.cognito.settings.lifecycle == nil)
        }
    }

    @Test("configuring twice registers one lifecycle handler and keeps the last verifier")
    func configureTwice() async throws {
        let first = try Fixtures.issuer.verifier()
        let second = try Fixtures.issuer.verifier()
        try await withApp { app in
            app.cognito.configure(first)
            let handler = try #require(app.cognito.settings.lifecycle)
            app.cognito.configure(second, refreshInterval: nil)
            #expect(app.cognito.settings.lifecycle === handler)
            #expect(app.cognito.verifier === second)
            #expect(app.cognito.refreshInterval == nil)
        }
    }

    @Test(
        "the JWKS is refreshed periodically while running, and the refresh stops at shutdown",
        .timeLimit(.minutes(1)))
    func refreshUntilShutdown() async throws {
        let issuer = Fixtures.issuer
        let (fetches, fetched) = AsyncStream<Void>.makeStream()
        let verifier = try CognitoVerifier(pools: [
            issuer.pool(
                keySource: .provider {
                    fetched.yield()
                    return issuer.jwksJSON
                })
        ])
        let app = try await Application.make(.testing)
        app.cognito.configure(verifier, refreshInterval: .milliseconds(10))
        let handler = try #require(app.cognito.settings.lifecycle)
        #expect(handler.isRunning == false)
        try await app.asyncBoot()
        #expect(handler.isRunning)
        var iterator = fetches.makeAsyncIterator()
        for _ in 0..<3 { await iterator.next() }  // the start-up fetch, then two refreshes
        #expect(verifier.keyStores[0].fetchCount >= 3)
        try await app.asyncShutdown()
        #expect(handler.isRunning == false)
    }

    @Test("a blocking boot (app.testing() without asyncBoot) still verifies tokens")
    func blockingBoot() async throws {
        let issuer = Fixtures.issuer
        try await withApp(configure: { app in
            app.cognito.configure(try issuer.verifier())
            try await installRoutes(app)
        }) { app in
            try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test(
        "without app.cognito.configure: requests without a token are served, a token is a 500 (server misconfiguration)"
    )
    func notConfigured() async throws {
        try await withApp(configure: installRoutes) { app in
            #expect(app.cognito.verifier == nil)
            try await app.testing().test(.GET, "public") { res in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "me") { res in expectMissingToken(res) }
            try await app.testing().test(.GET, "me", headers: bearer(Fixtures.issuer.idToken(username: "alice"))) {
                res in
                #expect(res.status == .internalServerError)
            }
        }
    }
}
