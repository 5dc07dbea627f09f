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
            entries.append(.init(claims: claims, key: key, pool: 0, trustEpoch: 0))
        }
        let keys = tokens.map(VerifiedTokenCache.TokenKey.init)
        let cache = VerifiedTokenCache(capacity: 2)
        cache.insert(keys[0], entries[0])
        cache.insert(keys[1], entries[1])
        cache.insert(keys[1], entries[1])  // b again: a must stay
        #expect(cache.statistics.entries == 2)
        #expect(username(cache.lookup(keys[0], trustEpoch: 0)) == "a")
        #expect(username(cache.lookup(keys[1], trustEpoch: 0)) == "b")
        cache.insert(keys[2], entries[2])  // evicts a: b was looked up after it
        #expect(username(cache.lookup(keys[0], trustEpoch: 0)) == nil)
        #expect(username(cache.lookup(keys[1], trustEpoch: 0)) == "b")
        #expect(username(cache.lookup(keys[2], trustEpoch: 0)) == "c")
        cache.insert(keys[0], entries[0])  // evicts b, the least recently used
        #expect(username(cache.lookup(keys[1], trustEpoch: 0)) == nil)
        #expect(cache.statistics.entries == 2)
    }

    /// The user name of a trusted hit; `nil` for a miss (a hit to re-check is a failure here).
    func username(_ lookup: VerifiedTokenCache.Lookup) -> String? {
        switch lookup {
        case .miss: return nil
        case .trusted(let claims, _): return claims.username
        case .recheck:
            Issue.record("an entry of the current trust epoch asked to be re-checked")
            return nil
        }
    }

    @Test(
        "a large cache is sharded: capacity split exactly, tokens spread, each shard its own least-recently-used order")
    func shards() async throws {
        #expect(VerifiedTokenCache(capacity: 127).shardCount == 1)
        #expect(VerifiedTokenCache(capacity: 128).shardCount == 2)
        #expect(VerifiedTokenCache(capacity: 10_000).shardCount == 16)
        #expect(VerifiedTokenCache(capacity: 1 << 20).shardCount == VerifiedTokenCache.maximumShards)
        let verifier = try makeVerifier(cacheCapacity: 0)
        let token = sharedIssuer.sign(accessClaims(), keyIndex: 1)
        let claims = try await verifier.verify(token)
        let key = try #require(verifier.keyStores[0].currentKeySet?.keys.first)
        let entry = VerifiedTokenCache.Entry(claims: claims, key: key, pool: 0, trustEpoch: 7)
        // 1,000 distinct keys (the cache hashes whole tokens; these need not be signed to test the bookkeeping).
        let keys = (0..<1_000).map { VerifiedTokenCache.TokenKey(token + String($0)) }
        let cache = VerifiedTokenCache(capacity: 203)  // 3 shards' worth is not a power of two: 2 shards, 102 + 101
        #expect(cache.shardCount == 2)
        for key in keys { cache.insert(key, entry) }
        #expect(cache.statistics.entries == 203)
        var present = 0
        for key in keys {
            switch cache.lookup(key, trustEpoch: 7) {
            case .miss: break
            case .trusted: present += 1
            case .recheck: Issue.record("same epoch must be trusted")
            }
        }
        #expect(present == 203)
        // The most recent inserts of each shard survive: the last 100 keys are all present.
        for key in keys.suffix(100) {
            if case .miss = cache.lookup(key, trustEpoch: 7) { Issue.record("a recent entry was evicted") }
        }
        // Another epoch: the entry comes back to be re-checked, with its key.
        guard case .recheck(let stale) = cache.lookup(keys[999], trustEpoch: 8) else {
            Issue.record("an entry of an older trust epoch was trusted")
            return
        }
        #expect(stale.key === key)
        #expect(cache.statistics.hits == 304 && cache.statistics.misses == 797)
    }
}
