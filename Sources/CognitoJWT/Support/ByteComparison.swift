#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The byte helpers every security comparison goes through, and the one place the C library is imported.
enum Bytes {
    /// Whether `count` bytes at `a` and `b` are equal.
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        count == 0 || a == b || memcmp(a, b, count) == 0
    }

    /// The offset of the first `byte` in `bytes` at or after `start`, or -1.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return -1 }
        return base.distance(to: UnsafeRawPointer(found))
    }
}

extension String {
    /// Byte-for-byte equality of the UTF-8 encodings, unlike `==`, which uses Unicode canonical equivalence
    /// (under which, for example, "\u{212A}" equals "K").
    public func bytesEqual(_ other: String) -> Bool {
        let count = self.utf8.count
        guard count == other.utf8.count else { return false }
        // Native strings are contiguous UTF-8: compare memory. Others (bridged) compare element by element.
        let fast: Bool? =
            self.utf8.withContiguousStorageIfAvailable { lhs in
                other.utf8.withContiguousStorageIfAvailable { rhs in
                    count == 0 || Bytes.equal(lhs.baseAddress!, rhs.baseAddress!, count: count)
                }
            } ?? nil
        return fast ?? self.utf8.elementsEqual(other.utf8)
    }

    /// Calls `body` with the string's UTF-8 bytes: in place for a native string (no copy, no retain), else from a
    /// contiguous copy.
    func withUTF8Bytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        var copy = self
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly the UTF-8 encoding of `string`.
    func bytesEqual(_ string: String) -> Bool {
        string.withUTF8Bytes { bytesEqual($0) }
    }

    /// Whether these bytes equal `other`'s.
    func bytesEqual(_ other: UnsafeRawBufferPointer) -> Bool {
        other.count == count && (count == 0 || Bytes.equal(baseAddress!, other.baseAddress!, count: count))
    }
}
