/// One shard of the ``VerifiedTokenCache``: its entries in least-recently-used order, behind its own lock.
final class VerifiedTokenCacheShard: Sendable {
    typealias TokenKey = VerifiedTokenCache.TokenKey
    typealias Entry = VerifiedTokenCache.Entry

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

    /// Most entries this shard holds.
    let capacity: Int
    private let storage = LockedValue(Storage())

    init(capacity: Int) { self.capacity = capacity }

    /// Entries held, hits and misses.
    var counts: (entries: Int, hits: Int, misses: Int) {
        storage.withLock { ($0.index.count, $0.hits, $0.misses) }
    }

    /// The entry for exactly this token, marking it most recently used. Only the claims leave the lock when the
    /// entry is trusted, so a hit touches no object it shares with other tokens (the signing key).
    func lookup(_ key: TokenKey, trustEpoch: Int) -> VerifiedTokenCache.Lookup {
        storage.withLock { storage in
            guard let i = storage.index[key] else {
                storage.misses += 1
                return .miss
            }
            storage.hits += 1
            if storage.newest != i {
                storage.unlink(i)
                storage.pushNewest(i)
            }
            // Read in place: copying the entry out would retain its key, which every token of that key shares.
            guard storage.nodes[i].entry.trustEpoch == trustEpoch else { return .recheck(storage.nodes[i].entry) }
            return .trusted(storage.nodes[i].entry.claims)
        }
    }

    /// Adds a verified token, evicting the least recently used entry when full. A token already present (two
    /// requests verified it at once) gets the new entry and evicts nothing. An evicted node's slot is reused, and
    /// its entry released, by the next insert.
    func insert(_ key: TokenKey, _ entry: Entry) {
        guard capacity > 0 else { return }
        storage.withLock { storage in
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
        }
    }

    /// Forgets a token.
    func remove(_ key: TokenKey) {
        storage.withLock { storage in
            guard let i = storage.index.removeValue(forKey: key) else { return }
            storage.unlink(i)
            storage.free.append(i)
        }
    }
}
