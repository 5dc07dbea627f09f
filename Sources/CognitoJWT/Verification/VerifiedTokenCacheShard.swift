/// One shard of the ``VerifiedTokenCache``: its entries, evicted in CLOCK order, behind its own lock.
///
/// CLOCK approximates least recently used without writing on a hit: a hit only sets its entry's reference bit when
/// it is clear, and an insert into a full shard sweeps a hand over the entries, clearing set bits, to the first
/// entry not used since the hand last passed. So a warm hit writes only the lock's cache line (the lock and the
/// counts share it) and reads the entry in place, on whichever core it runs.
///
/// The shard's memory is its owner's: ``allocate(capacity:)`` and ``deallocate()``.
struct VerifiedTokenCacheShard: @unchecked Sendable {
    typealias TokenKey = VerifiedTokenCache.TokenKey
    typealias Entry = VerifiedTokenCache.Entry

    private struct Slot {
        var key: TokenKey
        var entry: Entry
        /// Where the entry's objects lie, prefetched before the slot is evicted.
        var hint: VerifiedTokenCacheEvictionHint
    }

    private struct Storage {
        var index: VerifiedTokenCacheIndex
        var slots: [Slot] = []
        /// Whether each slot was hit since the hand last passed it.
        var referenced: [Bool] = []
        /// Slots of removed tokens, reused (and their entries released) by the next inserts.
        var free: [Int] = []
        var hand = 0

        init(capacity: Int) { index = VerifiedTokenCacheIndex(capacity: capacity) }

        /// The slot to evict from a full shard: the hand moves on, clearing reference bits, to the first slot whose
        /// bit is clear, and stops past it. Every slot is occupied, so one turn at most finds one.
        mutating func sweep() -> Int {
            while referenced[hand] {
                referenced[hand] = false
                hand = hand + 1 == slots.count ? 0 : hand + 1
            }
            let victim = hand
            hand = hand + 1 == slots.count ? 0 : hand + 1
            return victim
        }
    }

    private struct Counts {
        var hits = 0
        var misses = 0
    }

    private static var lineSize: Int { Prefetch.lineSize }
    private static var countsOffset: Int { (RawLock.size + 7) & ~7 }
    private static var storageOffset: Int {
        (countsOffset + MemoryLayout<Counts>.stride + lineSize - 1) & ~(lineSize - 1)
    }

    /// Most entries this shard holds.
    let capacity: Int
    private let memory: UnsafeMutableRawPointer
    private let lock: RawLock
    private let countsPointer: UnsafeMutablePointer<Counts>
    private let storage: UnsafeMutablePointer<Storage>

    private init(capacity: Int, memory: UnsafeMutableRawPointer) {
        self.capacity = capacity
        self.memory = memory
        lock = RawLock(at: memory)
        countsPointer = (memory + Self.countsOffset).bindMemory(to: Counts.self, capacity: 1)
        countsPointer.initialize(to: Counts())
        storage = (memory + Self.storageOffset).bindMemory(to: Storage.self, capacity: 1)
        storage.initialize(to: Storage(capacity: capacity))
    }

    /// A shard in memory of its own, aligned to a cache line: the lock and counts on the first line, the entries'
    /// bookkeeping after it.
    static func allocate(capacity: Int) -> VerifiedTokenCacheShard {
        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: storageOffset + MemoryLayout<Storage>.stride, alignment: lineSize)
        return VerifiedTokenCacheShard(capacity: capacity, memory: memory)
    }

    /// Releases the entries and frees the shard's memory; the shard may not be used afterwards.
    func deallocate() {
        storage.deinitialize(count: 1)
        countsPointer.deinitialize(count: 1)
        lock.destroy()
        memory.deallocate()
    }

    /// The slot holding exactly this token: the index compares digests, then the slot's token byte for byte. Call
    /// with the lock held.
    private func slot(of key: TokenKey) -> Int? {
        let storage = storage
        return storage.pointee.index.slot(for: key.digest) { storage.pointee.slots[$0].key.token.bytesEqual(key.token) }
    }

    /// Entries held, hits and misses.
    var counts: (entries: Int, hits: Int, misses: Int) {
        lock.withLock { (storage.pointee.index.count, countsPointer.pointee.hits, countsPointer.pointee.misses) }
    }

    /// The entry for exactly this token, marking it used. Only the claims leave the lock when the entry is trusted
    /// (unless `entryWanted`), so a hit touches no object it shares with other tokens (the key).
    func lookup(_ key: TokenKey, trustEpoch: Int, entryWanted: Bool) -> VerifiedTokenCache.Lookup {
        lock.withLock {
            guard let i = slot(of: key) else {
                countsPointer.pointee.misses += 1
                prefetchVictim()
                return .miss
            }
            countsPointer.pointee.hits += 1
            if !storage.pointee.referenced[i] { storage.pointee.referenced[i] = true }
            // Read in place: copying the entry out would retain its key, which every token of that key shares.
            guard storage.pointee.slots[i].entry.trustEpoch == trustEpoch else {
                return .recheck(storage.pointee.slots[i].entry)
            }
            return .trusted(storage.pointee.slots[i].entry.claims, entryWanted ? storage.pointee.slots[i].entry : nil)
        }
    }

    /// On a miss in a full shard, which the insert of a newly verified token evicts from: prefetches the memory of
    /// the entry the hand would evict (looking a few slots ahead, changing nothing), so that it arrives while the
    /// token's signature is checked. Call with the lock held.
    private func prefetchVictim() {
        let storage = storage
        guard storage.pointee.free.isEmpty, storage.pointee.slots.count == capacity, capacity > 0 else { return }
        var hand = storage.pointee.hand
        for _ in 0..<4 where storage.pointee.referenced[hand] { hand = hand + 1 == capacity ? 0 : hand + 1 }
        storage.pointee.slots[hand].hint.prefetch()
    }

    /// Adds a verified token, if `admitted` (asked under the lock) agrees: into a free slot, else in place of the
    /// first entry the hand finds unused since it last passed. A token already present (two requests verified it
    /// at once) gets the new entry and evicts nothing. Returns how many entries were added: 1, or 0 when it
    /// replaced one, evicted one or was not admitted.
    func insert(_ key: TokenKey, _ entry: Entry, admitted: () -> Bool) -> Int {
        // The entry a replaced slot held comes out of the lock and is released after it.
        let hint = VerifiedTokenCacheEvictionHint(key, entry)
        let (added, _) = lock.withLock { () -> (Int, Slot?) in
            guard admitted() else { return (0, nil) }
            var held = Slot(key: key, entry: entry, hint: hint)
            if let present = slot(of: key) {
                swap(&storage.pointee.slots[present], &held)
                storage.pointee.referenced[present] = true
                return (0, held)
            }
            if let reused = storage.pointee.free.popLast() {
                swap(&storage.pointee.slots[reused], &held)
                storage.pointee.referenced[reused] = false
                storage.pointee.index.insert(key.digest, slot: reused)
                return (1, held)
            }
            if storage.pointee.slots.count < capacity {
                storage.pointee.index.insert(key.digest, slot: storage.pointee.slots.count)
                storage.pointee.slots.append(held)
                storage.pointee.referenced.append(false)
                return (1, nil)
            }
            let victim = storage.pointee.sweep()
            storage.pointee.index.remove(storage.pointee.slots[victim].key.digest, slot: victim)
            swap(&storage.pointee.slots[victim], &held)
            storage.pointee.index.insert(key.digest, slot: victim)
            return (0, held)
        }
        return added
    }

    /// Forgets a token; returns 1 when it was held, else 0.
    func remove(_ key: TokenKey) -> Int {
        lock.withLock {
            guard let i = slot(of: key) else { return 0 }
            storage.pointee.index.remove(key.digest, slot: i)
            storage.pointee.referenced[i] = false
            storage.pointee.free.append(i)
            return 1
        }
    }

    /// Forgets every token (keeping the hit and miss counts); returns how many were held.
    func removeAll() -> Int {
        lock.withLock {
            let held = storage.pointee.index.count
            storage.pointee = Storage(capacity: capacity)
            return held
        }
    }
}
