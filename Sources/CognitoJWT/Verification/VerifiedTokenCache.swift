import Synchronization

/// A bounded, least-recently-used cache of tokens that passed full verification.
///
/// Only the identical token hits: keys compare the whole token byte for byte, never just a hash. The verifier
/// re-checks time claims, the route's requirements and the signing key's presence in the JWKS on every hit.
final class VerifiedTokenCache: Sendable {
    struct Entry: Sendable {
        let claims: CognitoClaims
        let key: VerificationKey
        let pool: Int
    }

    /// A token as a cache key: equal only to the byte-identical token.
    ///
    /// The hash covers the length and the last 32 bytes (inside the signature, unique per signed token) and is
    /// computed once; equality compares hashes, then the whole token. Only verified tokens are stored, so nobody
    /// can fill the table with colliding entries.
    struct TokenKey: Hashable, Sendable {
        let token: String
        private let digest: Int

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

    private struct Node: Sendable {
        var key: TokenKey
        var entry: Entry
        var newer: Int
        var older: Int
    }

    private struct Storage: Sendable {
        var index: [TokenKey: Int] = [:]
        var nodes: [Node] = []
        var newest = -1
        var oldest = -1
        var free: [Int] = []
        var hits = 0
        var misses = 0

        mutating func unlink(_ i: Int) {
            let (newer, older) = (nodes[i].newer, nodes[i].older)
            if newer >= 0 { nodes[newer].older = older } else { newest = older }
            if older >= 0 { nodes[older].newer = newer } else { oldest = newer }
        }

        mutating func pushNewest(_ i: Int) {
            nodes[i].newer = -1
            nodes[i].older = newest
            if newest >= 0 { nodes[newest].newer = i }
            newest = i
            if oldest < 0 { oldest = i }
        }
    }

    /// Most entries held.
    let capacity: Int
    private let storage: LockedValue<Storage>
    private let currentGeneration = Atomic<Int>(0)

    /// Changes with every ``removeAll()``: a verification that read it before the change may not insert after it.
    var generation: Int { currentGeneration.load(ordering: .acquiring) }

    init(capacity: Int) {
        self.capacity = capacity
        self.storage = LockedValue(Storage())
    }

    /// Entries held, hits and misses so far.
    var statistics: TokenCacheStatistics {
        storage.withLock {
            TokenCacheStatistics(capacity: capacity, entries: $0.index.count, hits: $0.hits, misses: $0.misses)
        }
    }

    /// The entry for exactly this token, marking it most recently used.
    func lookup(_ key: TokenKey) -> Entry? {
        storage.withLock { storage in
            guard let i = storage.index[key] else {
                storage.misses += 1
                return nil
            }
            storage.hits += 1
            if storage.newest != i {
                storage.unlink(i)
                storage.pushNewest(i)
            }
            return storage.nodes[i].entry
        }
    }

    /// Adds a verified token, evicting the least recently used entry when full. A token already present (two
    /// requests verified it at once) gets the new entry and evicts nothing. An evicted node's slot is reused, and
    /// its entry released, by the next insert. A token verified under an older ``generation`` is not inserted.
    /// Returns the number of entries held afterwards.
    @discardableResult
    func insert(_ key: TokenKey, _ entry: Entry, generation: Int? = nil) -> Int {
        guard capacity > 0 else { return 0 }
        return storage.withLock { storage in
            if let generation, generation != currentGeneration.load(ordering: .acquiring) {
                return storage.index.count
            }
            let node = Node(key: key, entry: entry, newer: -1, older: -1)
            let i: Int
            if let reused = storage.free.popLast() {
                i = reused
                storage.nodes[i] = node
            } else {
                i = storage.nodes.count
                storage.nodes.append(node)
            }
            storage.pushNewest(i)
            if let replaced = storage.index.updateValue(i, forKey: key) {
                storage.unlink(replaced)
                storage.free.append(replaced)
            } else if storage.index.count > capacity {
                let oldest = storage.oldest
                storage.unlink(oldest)
                storage.index.removeValue(forKey: storage.nodes[oldest].key)
                storage.free.append(oldest)
            }
            return storage.index.count
        }
    }

    /// Forgets a token. Returns the number of entries held afterwards.
    @discardableResult
    func remove(_ key: TokenKey) -> Int {
        storage.withLock { storage in
            if let i = storage.index.removeValue(forKey: key) {
                storage.unlink(i)
                storage.free.append(i)
            }
            return storage.index.count
        }
    }

    /// Forgets every token and starts a new ``generation``, so that no verification begun before is inserted.
    func removeAll() {
        currentGeneration.wrappingAdd(1, ordering: .releasing)
        storage.withLock { storage in
            let (hits, misses) = (storage.hits, storage.misses)
            storage = Storage()
            storage.hits = hits
            storage.misses = misses
        }
    }
}
