import Synchronization

/// A bounded, least-recently-used cache of tokens that passed full verification.
///
/// Only the identical token hits: keys compare the whole token byte for byte, never just a hash. The verifier
/// re-checks time claims, the route's requirements and the signing key's presence in the JWKS on every hit.
///
/// The cache is split into shards by the token's hash (up to ``maximumShards``, each holding at least
/// ``minimumShardCapacity`` entries), each with its own lock, least-recently-used order and share of the
/// capacity, so verifications of different tokens on different cores do not wait for one another.
final class VerifiedTokenCache: Sendable {
    /// What full verification established about a token.
    struct Entry: Sendable {
        let claims: CognitoClaims
        let key: VerificationKey
        let pool: Int
        /// The verifier's trust epoch read before the key was looked up (see `CognitoVerifier.trustEpoch`).
        let trustEpoch: Int
    }

    /// What a lookup found.
    enum Lookup {
        /// No entry for this token.
        case miss
        /// An entry whose key no JWKS change can have removed: its claims, and the entry when it was asked for.
        case trusted(CognitoClaims, Entry?)
        /// An entry cached before a key left a JWKS: its key must be checked.
        case recheck(Entry)
    }

    /// A token as a cache key: equal only to the byte-identical token.
    ///
    /// The hash covers the length and the last 32 bytes (inside the signature, unique per signed token) and is
    /// computed once; equality compares hashes, then the whole token. Only verified tokens are stored, so nobody
    /// can fill the table with colliding entries.
    struct TokenKey: Hashable, Sendable {
        let token: String
        let digest: Int

        init(_ token: String) {
            self.token = token
            var hasher = Hasher()
            let utf8 = token.utf8
            hasher.combine(utf8.count)
            let hashed: Void? = utf8.withContiguousStorageIfAvailable { bytes in
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(32))))
            }
            if hashed == nil { for byte in utf8.suffix(32) { hasher.combine(byte) } }
            digest = hasher.finalize()
        }

        static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
            lhs.digest == rhs.digest && lhs.token.bytesEqual(rhs.token)
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    /// Most shards.
    static let maximumShards = 16
    /// Fewest entries a shard holds: smaller caches get fewer shards (one below 128 entries).
    static let minimumShardCapacity = 64

    /// Most entries held, over all shards.
    let capacity: Int
    private let shards: [VerifiedTokenCacheShard]
    private let currentGeneration = Atomic<Int>(0)
    private let entryCount = Atomic<Int>(0)

    /// Changes with every ``removeAll()``: a verification that read it before the change may not insert after it.
    var generation: Int { currentGeneration.load(ordering: .acquiring) }

    init(capacity: Int) {
        self.capacity = capacity
        var count = 1
        while count < Self.maximumShards && capacity / (count * 2) >= Self.minimumShardCapacity { count *= 2 }
        shards = (0..<count).map { index in
            VerifiedTokenCacheShard(capacity: capacity / count + (index < capacity % count ? 1 : 0))
        }
    }

    /// How many shards the entries are spread over.
    var shardCount: Int { shards.count }

    /// Entries held, hits and misses so far, over all shards.
    var statistics: TokenCacheStatistics {
        var (entries, hits, misses) = (0, 0, 0)
        for shard in shards {
            let counts = shard.counts
            entries += counts.entries
            hits += counts.hits
            misses += counts.misses
        }
        return TokenCacheStatistics(capacity: capacity, entries: entries, hits: hits, misses: misses)
    }

    private func shard(for key: TokenKey) -> VerifiedTokenCacheShard {
        shards[Int(truncatingIfNeeded: UInt(bitPattern: key.digest) >> 3) & (shards.count - 1)]
    }

    /// The entry for exactly this token, marking it most recently used: trusted when it was cached in the
    /// current `trustEpoch`; with `entryWanted`, a trusted hit also hands out its whole entry.
    func lookup(_ key: TokenKey, trustEpoch: Int, entryWanted: Bool = false) -> Lookup {
        shard(for: key).lookup(key, trustEpoch: trustEpoch, entryWanted: entryWanted)
    }

    /// Adds a verified token, evicting its shard's least recently used entry when the shard is full. A token
    /// already present gets the new entry and evicts nothing. A token verified under an older ``generation`` is
    /// not inserted. Returns the number of entries held afterwards.
    @discardableResult
    func insert(_ key: TokenKey, _ entry: Entry, generation: Int? = nil) -> Int {
        guard capacity > 0 else { return 0 }
        let added = shard(for: key).insert(key, entry) {
            generation.map { $0 == currentGeneration.load(ordering: .acquiring) } ?? true
        }
        return added == 0 ? entryCount.load(ordering: .relaxed) : entryCount.add(added, ordering: .relaxed).newValue
    }

    /// Forgets a token. Returns the number of entries held afterwards.
    @discardableResult
    func remove(_ key: TokenKey) -> Int {
        let removed = shard(for: key).remove(key)
        return removed == 0
            ? entryCount.load(ordering: .relaxed) : entryCount.subtract(removed, ordering: .relaxed).newValue
    }

    /// Forgets every token and starts a new ``generation``, so that no verification begun before is inserted.
    func removeAll() {
        currentGeneration.wrappingAdd(1, ordering: .releasing)
        for shard in shards { entryCount.subtract(shard.removeAll(), ordering: .relaxed) }
    }
}
