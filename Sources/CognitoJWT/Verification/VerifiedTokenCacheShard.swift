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
    }

    private struct Storage {
        var index: [TokenKey: Int] = [:]
        var slots: [Slot] = []
        /// Whether each slot was hit since the hand last passed it.
        var referenced: [Bool] = []
        /// Slots of removed tokens, reused (and their entries released) by the next inserts.
        var free: [Int] = []
        var hand = 0

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

    private static let lineSize = 64
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
        storage.initialize(to: Storage())
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

    /// Entries held, hits and misses.
    var counts: (entries: Int, hits: Int, misses: Int) {
        lock.withLock { (storage.pointee.index.count, countsPointer.pointee.hits, countsPointer.pointee.misses) }
    }

    /// The entry for exactly this token, marking it used. Only the claims leave the lock when the entry is trusted
    /// (unless `entryWanted`), so a hit touches no object it shares with other tokens (the key).
    func lookup(_ key: TokenKey, trustEpoch: Int, entryWanted: Bool) -> VerifiedTokenCache.Lookup {
        lock.withLock {
            guard let i = storage.pointee.index[key] else {
                countsPointer.pointee.misses += 1
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

    /// Adds a verified token, if `admitted` (asked under the lock) agrees: into a free slot, else in place of the
    /// first entry the hand finds unused since it last passed. A token already present (two requests verified it
    /// at once) gets the new entry and evicts nothing. Returns how many entries were added: 1, or 0 when it
    /// replaced one, evicted one or was not admitted.
    func insert(_ key: TokenKey, _ entry: Entry, admitted: () -> Bool) -> Int {
        guard capacity > 0 else { return 0 }
        return lock.withLock {
            guard admitted() else { return 0 }
            let slot = Slot(key: key, entry: entry)
            if let present = storage.pointee.index[key] {
                storage.pointee.slots[present] = slot
                storage.pointee.referenced[present] = true
                return 0
            }
            if let reused = storage.pointee.free.popLast() {
                storage.pointee.slots[reused] = slot
                storage.pointee.referenced[reused] = false
                storage.pointee.index[key] = reused
                return 1
            }
            if storage.pointee.slots.count < capacity {
                storage.pointee.index[key] = storage.pointee.slots.count
                storage.pointee.slots.append(slot)
                storage.pointee.referenced.append(false)
                return 1
            }
            let victim = storage.pointee.sweep()
            storage.pointee.index.removeValue(forKey: storage.pointee.slots[victim].key)
            storage.pointee.slots[victim] = slot
            storage.pointee.index[key] = victim
            return 0
        }
    }

    /// Forgets a token; returns 1 when it was held, else 0.
    func remove(_ key: TokenKey) -> Int {
        lock.withLock {
            guard let i = storage.pointee.index.removeValue(forKey: key) else { return 0 }
            storage.pointee.referenced[i] = false
            storage.pointee.free.append(i)
            return 1
        }
    }

    /// Forgets every token (keeping the hit and miss counts); returns how many were held.
    func removeAll() -> Int {
        lock.withLock {
            let held = storage.pointee.index.count
            storage.pointee = Storage()
            return held
        }
    }
}
