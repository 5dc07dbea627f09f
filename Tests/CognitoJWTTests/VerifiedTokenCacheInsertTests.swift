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
        cache.insert(keys[2], entries[2])  // the hand clears a's and b's bits, comes round and evicts a
        #expect(username(cache.lookup(keys[0], trustEpoch: 0)) == nil)
        #expect(username(cache.lookup(keys[1], trustEpoch: 0)) == "b")
        #expect(username(cache.lookup(keys[2], trustEpoch: 0)) == "c")
        cache.insert(keys[0], entries[0])  // b and c were hit; the hand clears both, comes round to b
        #expect(username(cache.lookup(keys[1], trustEpoch: 0)) == nil)
        #expect(cache.statistics.entries == 2)
    }

    @Test(
        "CLOCK: an entry hit since the hand passed gets another turn; one never hit goes first; a removed slot is reused"
    )
    func clock() async throws {
        let (token, entry) = try await verifiedEntry(trustEpoch: 0)
        let keys = (0..<6).map { VerifiedTokenCache.TokenKey(token + String($0)) }
        let cache = VerifiedTokenCache(capacity: 3)
        func held(_ i: Int) -> Bool {
            if case .miss = cache.lookup(keys[i], trustEpoch: 0) { return false }
            return true
        }
        for i in 0..<3 { cache.insert(keys[i], entry) }
        #expect(held(0))  // 0 is hit: its bit is set
        cache.insert(keys[3], entry)  // the hand clears 0's bit and evicts 1, never hit
        #expect(cache.statistics.entries == 3)
        #expect(!held(1))
        cache.insert(keys[4], entry)  // the hand is past 0 and 1: 2, never hit, goes
        #expect(!held(2))
        cache.insert(keys[5], entry)  // 0's bit was cleared and it was not hit since: a hit buys one turn
        #expect(!held(0))
        #expect(held(3) && held(4) && held(5))
        // A removed token's slot is filled before anything is evicted.
        #expect(cache.remove(keys[4]) == 2)
        cache.insert(keys[1], entry)
        #expect(held(3) && held(5) && held(1))
        #expect(cache.statistics.entries == 3)
        // An entry inserted again stays where it is, with its bit set: the next eviction passes it by.
        let (hits, misses) = (cache.statistics.hits, cache.statistics.misses)
        cache.insert(keys[3], entry)
        #expect(cache.statistics.hits == hits && cache.statistics.misses == misses)
        cache.removeAll()
        #expect(cache.statistics.entries == 0 && cache.statistics.hits == hits)
    }

    @Test("eight tasks inserting, hitting and removing at once across shards: every hit is its own token's entry")
    func concurrentShards() async throws {
        let (token, verified) = try await verifiedEntry(trustEpoch: 0)
        let count = 2_000
        let keys = (0..<count).map { VerifiedTokenCache.TokenKey(token + "." + String($0)) }
        let entries = (0..<count).map { i in
            VerifiedTokenCache.Entry(
                claims: CognitoClaims(
                    raw: ["username": .string(String(i))], tokenUse: .access, expiresAt: 1e10, notBefore: nil,
                    issuedAt: nil, poolIdentity: "pool"),
                key: verified.key, pool: 0, trustEpoch: 0)
        }
        let shared = SharedCache(capacity: 256)
        #expect(shared.cache.shardCount == 4)
        let (wrong, hits) = await withTaskGroup(of: (wrong: Int, hits: Int).self) { group in
            for task in 0..<8 {
                group.addTask {
                    var (wrong, hits) = (0, 0)
                    var i = task
                    for step in 0..<20_000 {
                        i = (i &* 1_103_515_245 &+ 12_345) & 0x7FFF_FFFF
                        let n = i % count
                        switch step % 5 {
                        case 0, 1: shared.cache.insert(keys[n], entries[n])
                        case 2: shared.cache.remove(keys[n])
                        default:
                            if case .trusted(let claims, _) = shared.cache.lookup(keys[n], trustEpoch: 0) {
                                hits += 1
                                if claims.username != String(n) { wrong += 1 }
                            }
                        }
                    }
                    return (wrong, hits)
                }
            }
            return await group.reduce(into: (0, 0)) {
                $0.0 += $1.wrong; $0.1 += $1.hits
            }
        }
        #expect(wrong == 0)
        #expect(hits > 0)
        let statistics = shared.cache.statistics
        #expect(statistics.entries <= 256)
        #expect(statistics.hits == hits)
        // Every token the shards hold is found, and the count the cache keeps agrees with the shards'.
        var found = 0
        for n in 0..<count { if case .trusted = shared.cache.lookup(keys[n], trustEpoch: 0) { found += 1 } }
        #expect(found == statistics.entries)
        #expect(shared.cache.remove(keys[count - 1]) == shared.cache.statistics.entries)
    }

    @Test("the eviction hint spans the claims' whole allocation and the token's object header")
    func evictionHint() async throws {
        let (token, entry) = try await verifiedEntry(trustEpoch: 0)
        guard case .parsed(let members) = entry.claims.raw.storage else {
            Issue.record("a verified token's claims are its parsed text")
            return
        }
        let memory = members.memory
        let stride = MemoryLayout<ParsedMembers.Entry>.stride
        // The object fills its allocation blocks but for less than one member entry.
        let block = ParsedMembers.allocationBlock
        #expect((block - memory.byteCount % block) % block < stride)
        #expect(memory.byteCount >= 32 + members.count * stride)
        let hint = VerifiedTokenCacheEvictionHint(VerifiedTokenCache.TokenKey(token), entry)
        let first = try #require(hint.claims)
        #expect(first == memory.address - 16)
        #expect(first + hint.claimsLines * 64 >= memory.address + memory.byteCount + 16)
        #expect(hint.claimsLines * 64 < memory.byteCount + 32 + 64)
        let bytes = token.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        #expect(hint.token == bytes)
        hint.prefetch()
    }

    /// An entry as the verifier makes it (the claims and key of one signed token), with that token.
    func verifiedEntry(trustEpoch: Int) async throws -> (token: String, entry: VerifiedTokenCache.Entry) {
        let verifier = try makeVerifier(cacheCapacity: 0)
        let token = sharedIssuer.sign(accessClaims(), keyIndex: 1)
        let claims = try await verifier.verify(token)
        let key = try #require(verifier.keyStores[0].currentKeySet?.keys.first)
        return (token, .init(claims: claims, key: key, pool: 0, trustEpoch: trustEpoch))
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
        "a large cache is sharded: capacity split exactly, tokens spread, each shard its own CLOCK order")
    func shards() async throws {
        #expect(VerifiedTokenCache(capacity: 127).shardCount == 1)
        #expect(VerifiedTokenCache(capacity: 128).shardCount == 2)
        #expect(VerifiedTokenCache(capacity: 10_000).shardCount == 128)
        #expect(VerifiedTokenCache(capacity: 10_000).shardCount * VerifiedTokenCache.minimumShardCapacity <= 10_000)
        #expect(VerifiedTokenCache(capacity: 1 << 20).shardCount == VerifiedTokenCache.maximumShards)
        let (token, entry) = try await verifiedEntry(trustEpoch: 7)
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
        #expect(stale.key === entry.key)
        #expect(cache.statistics.hits == 304 && cache.statistics.misses == 797)
    }
}

/// A cache that tasks share, as its verifier shares it.
private final class SharedCache: Sendable {
    let cache: VerifiedTokenCache

    init(capacity: Int) { cache = VerifiedTokenCache(capacity: capacity) }
}
