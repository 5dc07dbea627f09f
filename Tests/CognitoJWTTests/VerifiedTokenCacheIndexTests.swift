import PropertyBased
import Testing

@testable import CognitoJWT

/// The shard's open-addressing index on its own, against a dictionary doing the same inserts and removals.
@Suite("Verified-token cache index")
struct VerifiedTokenCacheIndexTests {
    /// Every slot the index holds under `digest`, found by walking its probe chain.
    private func slots(_ index: VerifiedTokenCacheIndex, _ digest: Int, among candidates: Range<Int>) -> Set<Int> {
        Set(candidates.filter { slot in index.slot(for: digest) { $0 == slot } == slot })
    }

    @Test(
        "random inserts and removals find exactly what a dictionary holds, with spread and with colliding digests",
        arguments: [1 << 40, 3])
    func matchesModel(digestRange: Int) {
        let capacity = 78
        var index = VerifiedTokenCacheIndex(capacity: capacity)
        var model: [Int: Int] = [:]  // slot -> digest
        var random = Xoshiro(seed: (UInt64(digestRange), 1, 2, 3))
        for _ in 0..<20_000 {
            let slot = Int(random.next() % UInt64(capacity))
            if let digest = model[slot] {
                let removed = index.remove(digest, slot: slot)
                let removedAgain = index.remove(digest, slot: slot)
                #expect(removed && !removedAgain)
                model[slot] = nil
            } else {
                let digest = Int(random.next() % UInt64(digestRange))
                index.insert(digest, slot: slot)
                model[slot] = digest
            }
            #expect(index.count == model.count)
        }
        for slot in 0..<capacity {
            let digest = model[slot] ?? -1
            #expect((index.slot(for: digest) { $0 == slot }) == model[slot].map { _ in slot })
        }
        let byDigest = Dictionary(grouping: model.keys) { model[$0]! }
        for (digest, held) in byDigest {
            #expect(slots(index, digest, among: 0..<capacity) == Set(held))
        }
    }

    @Test("a full index (two-thirds of its buckets) still finds every slot after removing half of them")
    func fullThenHalf() {
        let capacity = 1_000
        var index = VerifiedTokenCacheIndex(capacity: capacity)
        let digests = (0..<capacity).map { $0 &* 0x2545_F491_4F6C_DD1D }
        for (slot, digest) in digests.enumerated() { index.insert(digest, slot: slot) }
        for slot in stride(from: 0, to: capacity, by: 2) {
            let removed = index.remove(digests[slot], slot: slot)
            #expect(removed)
        }
        #expect(index.count == capacity / 2)
        for (slot, digest) in digests.enumerated() {
            #expect((index.slot(for: digest) { _ in true }) == (slot % 2 == 0 ? nil : slot))
        }
    }
}
