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
    /// entry is trusted (unless `entryWanted`), so a hit touches no object it shares with other tokens (the key).
    func lookup(_ key: TokenKey, trustEpoch: Int, entryWanted: Bool) -> VerifiedTokenCache.Lookup {
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
            return .trusted(storage.nodes[i].entry.claims, entryWanted ? storage.nodes[i].entry : nil)
        }
    }

    /// Adds a verified token, evicting the least recently used entry when full, if `admitted` (asked under the
    /// lock) agrees. A token already present (two requests verified it at once) gets the new entry and evicts
    /// nothing. An evicted node's slot is reused, and its entry released, by the next insert. Returns how many
    /// entries were added: 1, or 0 when it replaced one, evicted one or was not admitted.
    func insert(_ key: TokenKey, _ entry: Entry, admitted: () -> Bool) -> Int {
        guard capacity > 0 else { return 0 }
        return storage.withLock { storage in
            guard admitted() else { return 0 }
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
                return 0
            } else if storage.index.count > capacity {
                let oldest = storage.oldest
                storage.unlink(oldest)
                storage.index.removeValue(forKey: storage.nodes[oldest].key)
                storage.free.append(oldest)
                return 0
            }
            return 1
        }
    }

    /// Forgets a token; returns 1 when it was held, else 0.
    func remove(_ key: TokenKey) -> Int {
        storage.withLock { storage in
            guard let i = storage.index.removeValue(forKey: key) else { return 0 }
            storage.unlink(i)
            storage.free.append(i)
            return 1
        }
    }

    /// Forgets every token (keeping the hit and miss counts); returns how many were held.
    func removeAll() -> Int {
        storage.withLock { storage in
            let (held, hits, misses) = (storage.index.count, storage.hits, storage.misses)
            storage = Storage()
            storage.hits = hits
            storage.misses = misses
            return held
        }
    }
}
