import CognitoJWT
import CognitoJWTTesting

/// The local Cognito pool every benchmark uses: one issuer, its verifiers and its tokens.
///
/// Tokens are Cognito-shaped access tokens (~1.1 kB) from ``LocalCognitoIssuer/accessToken(username:groups:scopes:expiresIn:issuedAt:extraClaims:)``,
/// each distinct (its own user, `jti`, `origin_jti` and `event_id`).
public final class BenchmarkIssuer: Sendable {
    /// The issuer that signs the tokens.
    public let issuer: LocalCognitoIssuer

    /// Creates a pool with fresh RSA-2048 keys.
    public init() throws {
        issuer = try LocalCognitoIssuer()
    }

    /// The pool as users configure it: access tokens, keys from the in-memory JWKS document.
    public var pool: CognitoPool {
        issuer.pool(tokenUse: .access, keySource: .document(issuer.jwksJSON))
    }

    /// A verifier as users get it (default cache of 10,000 entries), with its JWKS already loaded.
    public func verifier(cacheCapacity: Int = 10_000) async throws -> CognitoVerifier {
        let verifier = try CognitoVerifier(pools: [pool], cacheCapacity: cacheCapacity)
        try await verifier.hydrate()
        return verifier
    }

    /// Access token number `index`: user `user<index>`, one group, two scopes.
    public func token(_ index: Int) -> String {
        issuer.accessToken(username: "user\(index)", groups: ["readers"], scopes: ["orders/read", "orders/write"])
    }

    /// `count` distinct tokens, minted on every core.
    public func mint(_ count: Int, startingAt first: Int = 0) async -> [String] {
        let workers = max(1, min(count, processorCount))
        let chunk = (count + workers - 1) / workers
        let parts = await withTaskGroup(of: (Int, [String]).self) { group in
            for worker in 0..<workers {
                let range = (worker * chunk)..<min(count, (worker + 1) * chunk)
                group.addTask { (worker, range.map { self.token(first + $0) }) }
            }
            var parts: [(Int, [String])] = []
            for await part in group { parts.append(part) }
            return parts
        }
        return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }
}
