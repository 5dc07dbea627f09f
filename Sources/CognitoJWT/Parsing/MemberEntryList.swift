/// The member table of a token's object being read: in scratch memory while it fits, then in an array.
struct MemberEntryList {
    let scratch: UnsafeMutableBufferPointer<ParsedMembers.Entry>
    var count = 0
    var overflow: [ParsedMembers.Entry] = []

    init(scratch: UnsafeMutableBufferPointer<ParsedMembers.Entry>) { self.scratch = scratch }

    mutating func append(_ entry: ParsedMembers.Entry) {
        if count < scratch.count {
            (scratch.baseAddress! + count).initialize(to: entry)
        } else {
            if overflow.isEmpty { overflow = Array(scratch) }
            overflow.append(entry)
        }
        count += 1
    }

    func withBuffer<R>(_ body: (UnsafeBufferPointer<ParsedMembers.Entry>) -> R) -> R {
        if count <= scratch.count { return body(UnsafeBufferPointer(rebasing: scratch[0..<count])) }
        return overflow.withUnsafeBufferPointer(body)
    }
}
