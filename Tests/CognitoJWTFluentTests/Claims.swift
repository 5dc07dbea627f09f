import CognitoJWT
import CognitoJWTTesting
import Foundation

/// Verified claims for the tests, from a local pool.
struct Claims: Sendable {
    let issuer: LocalCognitoIssuer
    let verifier: CognitoVerifier

    init(pool: String = "us-east-1_StoreTests") throws {
        issuer = try LocalCognitoIssuer(region: "us-east-1", userPoolID: pool)
        verifier = try issuer.verifier(cacheCapacity: 0)
    }

    /// An ID token's verified claims.
    func id(
        _ username: String, groups: [String] = [], email: String? = nil, expiresIn: Int = 3600,
        extra: JSONObject = [:]
    ) async throws -> CognitoClaims {
        try await verifier.verify(
            issuer.idToken(
                username: username, groups: groups, email: email,
                expiresIn: expiresIn, extraClaims: extra))
    }

    /// An access token's verified claims.
    func access(_ username: String, groups: [String] = []) async throws -> CognitoClaims {
        try await verifier.verify(issuer.accessToken(username: username, groups: groups))
    }

    /// A client-credentials token's verified claims.
    func machine() async throws -> CognitoClaims {
        try await verifier.verify(issuer.clientCredentialsToken(scopes: ["orders/read"]))
    }
}
