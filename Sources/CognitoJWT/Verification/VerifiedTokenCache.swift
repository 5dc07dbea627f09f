import Synchronization

/// A bounded cache of tokens that passed full verification, evicting in CLOCK order (an approximation of least
/// recently used that writes nothing on a hit).
///
/// Only the identical token hits: keys compare the whole token byte for byte, never just a hash. The verifier
/// re-checks time claims, the route's requirements and the signing key's presence in the JWKS on every hit.
///
/// The cache is split into shards by the token's hash (up to ``maximumShards``, each holding at least
/// ``minimumShardCapacity`` entries), each with its own lock, CLOCK order and share of the
/// capacity, so verifications of different tokens on different cores do not wait for one another. The cache is a
/// noncopyable value stored in its verifier: a lookup retains no object that other cores also touch.
struct VerifiedTokenCache: ~Copyable, @unchecked Sendable {
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
    /// The digest mixes the length and the last 16 bytes (inside the signature, unique per signed token) and is
    /// computed once; a shard compares digests, then the whole token. Only verified tokens are stored, so nobody
    /// can fill a shard's index with colliding entries, and the index mixes the digest with a per-process seed.
    struct TokenKey: Sendable {
        let token: String
        let digest: Int

        init(_ token: String) {
            self.token = token
            let utf8 = token.utf8
            let mixed: UInt64? =
                utf8.withContiguousStorageIfAvailable { bytes in
                    guard bytes.count >= 16 else { return nil }
                    let tail = UnsafeRawPointer(bytes.baseAddress! + bytes.count - 16)
                    return Self.mix(
                        UInt64(bytes.count), tail.loadUnaligned(as: UInt64.self),
                        tail.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                } ?? nil
            digest = Int(truncatingIfNeeded: mixed ?? Self.slowDigest(utf8))
        }

        /// The digest of a short or non-contiguous token, byte by byte.
        private static func slowDigest(_ utf8: String.UTF8View) -> UInt64 {
            var words: (UInt64, UInt64) = (0, 0)
            for (offset, byte) in utf8.suffix(16).enumerated() {
                if offset < 8 {
                    words.0 |= UInt64(byte) << (8 * offset)
                } else {
                    words.1 |= UInt64(byte) << (8 * (offset - 8))
                }
            }
            return mix(UInt64(utf8.count), words.0, words.1)
        }

        /// Two rounds of a multiply-xorshift mix: every input bit reaches the high bits the shard is picked by.
        private static func mix(_ count: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
            var h = (count ^ a) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ (h >> 29) ^ b) &* 0xBF58_476D_1CE4_E5B9
            return h ^ (h >> 32)
        }
    }

    /// Most shards: enough that 64 busy cores rarely meet on one shard's lock.
    static let maximumShards = 256
    /// Fewest entries a shard holds: smaller caches get fewer shards (one below 128 entries).
    static let minimumShardCapacity = 64

    /// Most entries held, over all shards.
    let capacity: Int
    private let shards: UnsafeMutableBufferPointer<VerifiedTokenCacheShard>
    private let currentGeneration = Atomic<Int>(0)
    private let entryCount = Atomic<Int>(0)

    /// Changes with every ``removeAll()``: a verification that read it before the change may not insert after it.
    var generation: Int { currentGeneration.load(ordering: .acquiring) }

    init(capacity: Int) {
        self.capacity = capacity
        var count = 1
        while count < Self.maximumShards && capacity / (count * 2) >= Self.minimumShardCapacity { count *= 2 }
        shards = .allocate(capacity: count)
        for index in 0..<count {
            shards.initializeElement(
                at: index,
                to: .allocate(capacity: capacity / count + (index < capacity % count ? 1 : 0)))
        }
    }

    deinit {
        for shard in shards { shard.deallocate() }
        shards.deallocate()
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
        shards[Int(truncatingIfNeeded: UInt(bitPattern: key.digest) >> 48) & (shards.count - 1)]
    }

    /// The entry for exactly this token, marking it used: trusted when it was cached in the
    /// current `trustEpoch`; with `entryWanted`, a trusted hit also hands out its whole entry.
    func lookup(_ key: TokenKey, trustEpoch: Int, entryWanted: Bool = false) -> Lookup {
        shard(for: key).lookup(key, trustEpoch: trustEpoch, entryWanted: entryWanted)
    }

    /// Adds a verified token, evicting an entry of its shard not used lately when the shard is full. A token
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
