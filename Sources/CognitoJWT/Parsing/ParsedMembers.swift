/// A JSON object as ``StrictJSON`` read it from a token: one allocation holding a table of where each member's
/// name and value lie, followed by the decoded text. Values stay bytes until someone reads them, so verifying a
/// token creates no `String` for the claims it only compares, and a cached token is a single object.
///
/// Every range was validated by the strict parser. Names and string values that contained escapes are stored
/// unescaped after the text, so a name's or string's range holds exactly its bytes; arrays and objects are
/// their validated JSON text, read when asked for. The buffer is never written after it is filled, which is what
/// makes sharing it across tasks safe.
struct ParsedMembers: @unchecked Sendable {
    /// What a member's value is.
    enum Kind: UInt8, Sendable {
        /// Bytes of the string (escapes resolved).
        case string
        /// Bytes of the number literal.
        case number
        /// `true`.
        case `true`
        /// `false`.
        case `false`
        /// `null`.
        case null
        /// JSON text of an array or object.
        case container
    }

    /// One member: byte ranges of its name and value in the text.
    struct Entry: Sendable {
        let nameStart: Int32
        let nameEnd: Int32
        let valueStart: Int32
        let valueEnd: Int32
        let kind: Kind
    }

    private let buffer: ParsedMembersBuffer

    /// Copies `entries` and `text` followed by `unescaped` into one allocation.
    init(entries: UnsafeBufferPointer<Entry>, text: UnsafeRawBufferPointer, unescaped: [UInt8]) {
        let textCount = text.count + unescaped.count
        let capacity = Self.elementCapacity(entries: entries.count, textCount: textCount)
        let created = ParsedMembersBuffer.create(minimumCapacity: capacity) { _ in
            ParsedMembersBuffer.Counts(entries: entries.count, text: textCount)
        }
        buffer = unsafeDowncast(created, to: ParsedMembersBuffer.self)
        buffer.withUnsafeMutablePointerToElements { elements in
            if let source = entries.baseAddress { elements.initialize(from: source, count: entries.count) }
            let textStart = UnsafeMutableRawPointer(elements + entries.count)
            if let source = text.baseAddress { textStart.copyMemory(from: source, byteCount: text.count) }
            unescaped.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress {
                    (textStart + text.count).copyMemory(from: source, byteCount: bytes.count)
                }
            }
        }
    }

    /// Allocations are rounded up to whole blocks of this many bytes, so that the tokens a cache evicts and the
    /// ones it admits, which differ in size by a few bytes, share the allocator's size classes: the memory one frees
    /// is what the next one reuses, straight from the allocator's per-thread cache.
    static let allocationBlock = 256
    /// The object header and the counts.
    private static let header = 32

    /// `capacity` elements, raised so that the object (header and elements) fills whole ``allocationBlock``s.
    static func roundedCapacity(_ capacity: Int) -> Int {
        let bytes = header + capacity * stride
        let rounded = (bytes + allocationBlock - 1) / allocationBlock * allocationBlock
        return (rounded - header) / stride
    }

    /// The number of members.
    var count: Int { buffer.header.entries }

    /// Where the object lies in memory and how many bytes it spans, for prefetching it.
    var memory: (address: UnsafeRawPointer, byteCount: Int) {
        let counts = buffer.header
        let elements = Self.elementCapacity(entries: counts.entries, textCount: counts.text)
        return (UnsafeRawPointer(Unmanaged.passUnretained(buffer).toOpaque()), Self.header + elements * Self.stride)
    }

    private static var stride: Int { MemoryLayout<Entry>.stride }

    /// The elements an object holding `entries` and `textCount` bytes of text is created with.
    private static func elementCapacity(entries: Int, textCount: Int) -> Int {
        roundedCapacity(entries + (textCount + stride - 1) / stride)
    }

    /// Calls `body` with the member table and the text.
    private func withContents<R>(_ body: (UnsafeBufferPointer<Entry>, UnsafeRawBufferPointer) -> R) -> R {
        buffer.withUnsafeMutablePointers { counts, elements in
            let entries = UnsafeBufferPointer(start: elements, count: counts.pointee.entries)
            let text = UnsafeRawBufferPointer(
                start: UnsafeRawPointer(elements + counts.pointee.entries),
                count: counts.pointee.text)
            return body(entries, text)
        }
    }

    /// The index of the member whose name is `name`, byte for byte.
    func index(of name: String) -> Int? {
        name.withUTF8Bytes { wanted in
            withContents { entries, text -> Int? in
                guard let first = wanted.first else {
                    return entries.firstIndex { $0.nameEnd == $0.nameStart }
                }
                // The first byte is compared before the rest: names of one length rarely share it.
                for (i, entry) in entries.enumerated()
                where Int(entry.nameEnd - entry.nameStart) == wanted.count && text[Int(entry.nameStart)] == first
                    && Bytes.equal(text.baseAddress! + Int(entry.nameStart), wanted.baseAddress!, count: wanted.count)
                {
                    return i
                }
                return nil
            }
        }
    }

    /// The name of member `i`.
    func name(at i: Int) -> String {
        withContents { entries, text in
            String(
                decoding: UnsafeRawBufferPointer(rebasing: text[Int(entries[i].nameStart)..<Int(entries[i].nameEnd)]),
                as: UTF8.self)
        }
    }

    /// The value of member `i`, built now.
    func value(at i: Int) -> JSONValue {
        withScalarBytes(at: i) { bytes, kind in
            switch kind {
            case .string: return .string(String(decoding: bytes, as: UTF8.self))
            case .number: return .number(String(decoding: bytes, as: UTF8.self))
            case .true: return .bool(true)
            case .false: return .bool(false)
            case .null: return .null
            case .container:
                // Validated when the token was read.
                return (try? StrictJSON.parse(bytes, limits: .document).get()) ?? .null
            }
        }
    }

    /// Calls `body` with member `i`'s value bytes and kind, without building the value.
    func withScalarBytes<R>(at i: Int, _ body: (UnsafeRawBufferPointer, Kind) -> R) -> R {
        withContents { entries, text in
            let entry = entries[i]
            return body(UnsafeRawBufferPointer(rebasing: text[Int(entry.valueStart)..<Int(entry.valueEnd)]), entry.kind)
        }
    }
}
