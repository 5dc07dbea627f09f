/// A shard's index from a token's digest to the slot holding it: open addressing with linear probing over buckets
/// that keep the digest beside the slot, so a probe reads no slot whose digest differs, and a removal (by slot)
/// reads no token at all.
///
/// A bucket's home is the digest mixed with a per-process random seed, so the order of buckets cannot be chosen
/// from outside; only verified tokens are entered, and the table is never more than two-thirds full. Removal
/// shifts the following buckets back (no tombstones), so probes stay as short as the load allows.
struct VerifiedTokenCacheIndex {
    private struct Bucket {
        var digest: Int
        /// The slot plus one; 0 marks an empty bucket.
        var slot: Int32
    }

    private static let seed = UInt64.random(in: .min ... .max)

    private var buckets: [Bucket]
    private let shift: UInt64
    /// Entries held.
    private(set) var count = 0

    /// An empty index for up to `capacity` entries.
    init(capacity: Int) {
        var size = 4
        while size * 2 < capacity * 3 { size *= 2 }
        buckets = Array(repeating: Bucket(digest: 0, slot: 0), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    private var mask: Int { buckets.count - 1 }

    private static func home(_ digest: Int, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((UInt64(bitPattern: Int64(digest)) ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot entered under `digest` for which `matches` holds.
    func slot(for digest: Int, where matches: (Int) -> Bool) -> Int? {
        let (mask, shift) = (mask, shift)
        return buckets.withUnsafeBufferPointer { buckets in
            var position = Self.home(digest, shift)
            while buckets[position].slot != 0 {
                if buckets[position].digest == digest && matches(Int(buckets[position].slot) - 1) {
                    return Int(buckets[position].slot) - 1
                }
                position = (position + 1) & mask
            }
            return nil
        }
    }

    /// Enters `slot` under `digest`; the index must not hold that slot already.
    mutating func insert(_ digest: Int, slot: Int) {
        let (mask, shift) = (mask, shift)
        var position = Self.home(digest, shift)
        buckets.withUnsafeMutableBufferPointer { buckets in
            while buckets[position].slot != 0 { position = (position + 1) & mask }
            buckets[position] = Bucket(digest: digest, slot: Int32(slot + 1))
        }
        count += 1
    }

    /// Removes `slot`, entered under `digest`; `false` when it is not there.
    @discardableResult
    mutating func remove(_ digest: Int, slot: Int) -> Bool {
        let (mask, shift) = (mask, shift)
        let wanted = Int32(slot + 1)
        let removed = buckets.withUnsafeMutableBufferPointer { buckets -> Bool in
            var hole = Self.home(digest, shift)
            while buckets[hole].slot != wanted {
                if buckets[hole].slot == 0 { return false }
                hole = (hole + 1) & mask
            }
            // Shift back each following bucket whose home does not lie cyclically in (hole, next].
            var next = hole
            while true {
                next = (next + 1) & mask
                guard buckets[next].slot != 0 else { break }
                let start = Self.home(buckets[next].digest, shift)
                let stays = hole <= next ? (hole < start && start <= next) : (hole < start || start <= next)
                if stays { continue }
                buckets[hole] = buckets[next]
                hole = next
            }
            buckets[hole] = Bucket(digest: 0, slot: 0)
            return true
        }
        if removed { count -= 1 }
        return removed
    }
}
