/// The bytes a ``JSONReader``'s ranges address, as plain buffers: the text, then its unescaped names and strings
/// from the text's length on. What the duplicate-name check compares and hashes, without copying the reader.
struct JSONTextBytes {
    /// The document.
    let text: UnsafeRawBufferPointer
    /// Unescaped names and strings, addressed from `text.count` on.
    let unescaped: UnsafeRawBufferPointer

    /// The bytes of a range of the text or of the unescaped bytes.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        let base = text.count
        if range.lowerBound >= base {
            return UnsafeRawBufferPointer(rebasing: unescaped[(range.lowerBound - base)..<(range.upperBound - base)])
        }
        return UnsafeRawBufferPointer(rebasing: text[range])
    }

    /// Whether two ranges hold the same bytes.
    func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        let (x, y) = (bytes(a), bytes(b))
        return x[0] == y[0] && Bytes.equal(x.baseAddress!, y.baseAddress!, count: a.count)
    }

    /// A per-process seeded hash of a range's bytes.
    func hash(_ range: Range<Int>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes(range))
        return hasher.finalize()
    }
}
