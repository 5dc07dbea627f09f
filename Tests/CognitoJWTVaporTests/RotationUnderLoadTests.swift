import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

@Suite("Key rotation under load (Vapor)")
struct RotationUnderLoadTests {
    /// Requests the drill sends; `STRESS_REQUESTS` raises it (`scripts/stress.sh`).
    static let requests = KeyRotationDrill.requests(default: 5_000)

    @Test("concurrent requests while the JWKS adds a key and retires one: fetches exactly as predicted")
    func rotationUnderLoad() async throws {
        let issuer = try LocalCognitoIssuer(userPoolID: "us-east-1_VaporRotation")
        let jwks = try await issuer.startJWKSServer()
        do {
            let verifier = try CognitoVerifier(
                pools: [issuer.pool(keySource: .url(jwks.baseURL + issuer.jwksPath))],
                jwksOptions: JWKSFetchOptions(cooldown: .seconds(600)))
            let store = verifier.keyStores[0]
            let quietRoutes: @Sendable (Application) async throws -> Void = { app in
                app.logger.logLevel = .warning
                try await installRoutes(app)
            }
            try await withCognitoApp(verifier: verifier, configure: quietRoutes) { app in
                let report = try await KeyRotationDrill(issuer: issuer, requests: Self.requests).run(
                    send: { token in
                        Int(try await app.testing().sendRequest(.GET, "me", headers: bearer(token)).status.code)
                    },
                    fetchCount: { store.fetchCount })
                for line in report.figureLines("vapor rotation") { print(line) }
                #expect(report.deviations.isEmpty, "\(report.deviations)")
                #expect(report.sent == Self.requests)
                #expect(report.initialFetchCount == 1)
            }
            #expect(jwks.requestCount == 3)
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }
}
