import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Key rotation under load (Hummingbird)")
struct RotationUnderLoadTests {
    /// Requests the drill sends; `STRESS_REQUESTS` raises it (`scripts/stress.sh`).
    static let requests = KeyRotationDrill.requests(default: 5_000)

    @Test("concurrent requests while the JWKS adds a key and retires one: fetches exactly as predicted")
    func rotationUnderLoad() async throws {
        let issuer = try makeIssuer(pool: "us-east-1_HbRotation")
        let jwks = try await issuer.startJWKSServer()
        do {
            let verifier = try CognitoVerifier(
                pools: [issuer.pool(keySource: .url(jwks.baseURL + issuer.jwksPath))],
                jwksOptions: JWKSFetchOptions(cooldown: .seconds(600)))
            try await verifier.hydrate()
            let store = verifier.keyStores[0]
            try await identityApp(verifier: verifier).test(.router) { client in
                let report = try await KeyRotationDrill(issuer: issuer, requests: Self.requests).run(
                    send: { token in
                        try await client.execute(uri: "/me", method: .get, headers: bearer(token)) {
                            Int($0.status.code)
                        }
                    },
                    fetchCount: { store.fetchCount })
                for line in report.figureLines("hummingbird rotation") { print(line) }
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
