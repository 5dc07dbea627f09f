import CognitoJWTTesting
import Testing

@testable import CognitoJWT

/// The cache's insert on its own, for the case the verifier cannot order on purpose: two requests verifying the
/// same token at once, both inserting it.
@Suite("Verified-token cache insert")
struct VerifiedTokenCacheInsertTests {
    @Test("inserting a token that is already cached replaces its entry and evicts nothing")
    func reinsert() async throws {
        let verifier = try makeVerifier(cacheCapacity: 0)
        let tokens = ["a", "b", "c"].map { name in
            var claims = accessClaims()
            claims["username"] = .string(name)
            return signRaw(header: cognitoHeader(), payload: json(claims))
        }
        var entries: [VerifiedTokenCache.Entry] = []
        for token in tokens {
            let claims = try await verifier.verify(token)
            let key = try #require(verifier.keyStores[0].currentKeySet?.keys.first)
            entries.append(.init(claims: claims, key: key, pool: 0))
        }
        let keys = tokens.map(VerifiedTokenCache.TokenKey.init)
        let cache = VerifiedTokenCache(capacity: 2)
        cache.insert(keys[0], entries[0])
        cache.insert(keys[1], entries[1])
        cache.insert(keys[1], entries[1])  // b again: a must stay
        #expect(cache.statistics.entries == 2)
        #expect(cache.lookup(keys[0])?.claims.username == "a")
        #expect(cache.lookup(keys[1])?.claims.username == "b")
        cache.insert(keys[2], entries[2])  // evicts a: b was looked up after it
        #expect(cache.lookup(keys[0]) == nil)
        #expect(cache.lookup(keys[1])?.claims.username == "b")
        #expect(cache.lookup(keys[2])?.claims.username == "c")
        cache.insert(keys[0], entries[0])  // evicts b, the least recently used
        #expect(cache.lookup(keys[1]) == nil)
        #expect(cache.statistics.entries == 2)
    }
}
