/// The names of one object read so far, for the duplicate check, in time linear in the number of names.
///
/// The first ``linearCapacity`` names live in scratch memory and are compared directly (a token's objects are
/// this small). Past that, every name is also entered in an open-addressing table keyed by a per-process seeded
/// hash (`Hasher`), so crafted names cannot collide on purpose.
struct MemberNameSet {
    /// Names compared one by one before the table is built.
    static let linearCapacity = 16

    private let scratch: UnsafeMutableBufferPointer<Range<Int>>
    private(set) var count = 0
    private var names: [Range<Int>] = []
    private var hashes: [Int] = []
    /// Indices into `names`, plus one; 0 is an empty slot. Its size is a power of two, at least twice `count`.
    private var table: [Int32] = []

    init(scratch: UnsafeMutableBufferPointer<Range<Int>>) { self.scratch = scratch }

    /// Adds `name` (a range of `bytes`); `false` when an equal name is already there.
    mutating func insert(_ name: Range<Int>, in bytes: JSONTextBytes) -> Bool {
        if count < scratch.count && table.isEmpty {
            for i in 0..<count where bytes.sameBytes(scratch[i], name) { return false }
            (scratch.baseAddress! + count).initialize(to: name)
            count += 1
            return true
        }
        if table.isEmpty {
            names = Array(scratch[0..<count])
            hashes = names.map { bytes.hash($0) }
            rebuild(size: 64)
        }
        let hash = bytes.hash(name)
        let mask = table.count - 1
        var slot = hash & mask
        while table[slot] != 0 {
            let other = Int(table[slot]) - 1
            if hashes[other] == hash && bytes.sameBytes(names[other], name) { return false }
            slot = (slot + 1) & mask
        }
        names.append(name)
        hashes.append(hash)
        table[slot] = Int32(names.count)
        count += 1
        if count * 2 > table.count { rebuild(size: table.count * 2) }
        return true
    }

    private mutating func rebuild(size: Int) {
        table = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (i, hash) in hashes.enumerated() {
            var slot = hash & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(i + 1)
        }
    }
}
