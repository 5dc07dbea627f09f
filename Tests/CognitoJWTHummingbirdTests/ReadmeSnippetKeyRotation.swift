import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Test func myAPIGoesThroughAKeyRotation() async throws {
    let issuer = try LocalCognitoIssuer()
    let jwks = try await issuer.startJWKSServer()
    let verifier = try CognitoVerifier(
        pools: [issuer.pool(keySource: .url(jwks.baseURL + issuer.jwksPath))],
        jwksOptions: JWKSFetchOptions(cooldown: .seconds(600)))
    try await verifier.hydrate()
    let router = Router(context: BasicCognitoRequestContext<CognitoIdentity>.self)
    router.add(middleware: CognitoAuthenticator(verifier: verifier))
    router.group("me").add(middleware: CognitoGuardMiddleware()).get { _, _ in "ok" }
    try await Application(router: router).test(.router) { client in
        let report = try await KeyRotationDrill(issuer: issuer, requests: 2_000).run(
            send: { token in
                try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    Int($0.status.code)
                }
            },
            fetchCount: { verifier.keyStores[0].fetchCount })
        // No token of a key in the JWKS refused, none of a removed key accepted, one fetch per new kid, then the
        // cool-down: report.predictedFetchCounts, [1, 2, 2, 3, 3] here.
        #expect(report.deviations.isEmpty, "\(report.deviations)")
    }
    try await jwks.shutdown()
}
