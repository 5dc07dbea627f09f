#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

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
        let stride = MemoryLayout<Entry>.stride
        let capacity = entries.count + (textCount + stride - 1) / stride
        let created = ParsedMembersBuffer.create(minimumCapacity: capacity) { _ in
            ParsedMembersBuffer.Counts(entries: entries.count, text: textCount)
        }
        buffer = unsafeDowncast(created, to: ParsedMembersBuffer.self)
        buffer.withUnsafeMutablePointerToElements { elements in
            if let source = entries.baseAddress { elements.initialize(from: source, count: entries.count) }
            let textStart = UnsafeMutableRawPointer(elements + entries.count)
            if let source = text.baseAddress { textStart.copyMemory(from: source, byteCount: text.count) }
            unescaped.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress { (textStart + text.count).copyMemory(from: source, byteCount: bytes.count) }
            }
        }
    }

    /// The number of members.
    var count: Int { buffer.header.entries }

    /// Calls `body` with the member table and the text.
    private func withContents<R>(_ body: (UnsafeBufferPointer<Entry>, UnsafeRawBufferPointer) -> R) -> R {
        buffer.withUnsafeMutablePointers { counts, elements in
            let entries = UnsafeBufferPointer(start: elements, count: counts.pointee.entries)
            let text = UnsafeRawBufferPointer(start: UnsafeRawPointer(elements + counts.pointee.entries),
                                              count: counts.pointee.text)
            return body(entries, text)
        }
    }

    /// The index of the member whose name is `name`, byte for byte.
    func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            withContents { entries, text -> Int? in
                for (i, entry) in entries.enumerated()
                where Int(entry.nameEnd - entry.nameStart) == wanted.count
                    && (wanted.isEmpty || memcmp(text.baseAddress! + Int(entry.nameStart), wanted.baseAddress!, wanted.count) == 0) {
                    return i
                }
                return nil
            }
        }
    }

    /// The name of member `i`.
    func name(at i: Int) -> String {
        withContents { entries, text in
            String(decoding: UnsafeRawBufferPointer(rebasing: text[Int(entries[i].nameStart)..<Int(entries[i].nameEnd)]),
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
            case .container: return (try? StrictJSON.parse(bytes).get()) ?? .null  // validated when the token was read
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

/// The single allocation behind ``ParsedMembers``: the member table as elements, the text after them.
final class ParsedMembersBuffer: ManagedBuffer<ParsedMembersBuffer.Counts, ParsedMembers.Entry> {
    /// How many entries and text bytes the buffer holds. Both are immutable once created.
    struct Counts {
        let entries: Int
        let text: Int
    }
}

/// A member's value as the bytes a comparison needs; valid only inside the closure that receives it.
enum JSONScalarBytes {
    /// No member of that name.
    case absent
    /// A string: its UTF-8 bytes, escapes resolved.
    case string(UnsafeRawBufferPointer)
    /// A number: its literal text.
    case number(UnsafeRawBufferPointer)
    /// `true`, `false`, `null`, an array or an object.
    case other
}

extension JSONObject {
    /// Calls `body` with the value of the member named `name` (byte for byte) as bytes, building no `String`.
    func withScalarBytes<R>(_ name: String, _ body: (JSONScalarBytes) -> R) -> R {
        switch storage {
        case .parsed(let parsed):
            guard let i = parsed.index(of: name) else { return body(.absent) }
            return parsed.withScalarBytes(at: i) { bytes, kind in
                switch kind {
                case .string: return body(.string(bytes))
                case .number: return body(.number(bytes))
                default: return body(.other)
                }
            }
        case .members(let members):
            guard let member = members.first(where: { $0.name.bytesEqual(name) }) else { return body(.absent) }
            switch member.value {
            case .string(var string): return string.withUTF8 { body(.string(UnsafeRawBufferPointer($0))) }
            case .number(var literal): return literal.withUTF8 { body(.number(UnsafeRawBufferPointer($0))) }
            default: return body(.other)
            }
        }
    }

    /// Whether the member named `name` is a string equal to `expected`, byte for byte.
    func stringEquals(_ name: String, _ expected: String) -> Bool {
        withScalarBytes(name) { value in
            guard case .string(let bytes) = value else { return false }
            return bytes.bytesEqual(expected)
        }
    }

    /// Whether the member named `name` is an array of strings only, one of them equal to `wanted` byte for byte.
    func stringArray(_ name: String, contains wanted: String) -> Bool {
        if case .parsed(let parsed) = storage, let i = parsed.index(of: name) {
            let answer = parsed.withScalarBytes(at: i) { bytes, kind -> Bool? in
                guard kind == .container else { return false }
                return StrictJSON.arrayOfStrings(bytes, contains: wanted)
            }
            if let answer { return answer }  // nil: an element has escapes; compare the built strings
        }
        guard case .array(let elements) = self[name] else { return false }
        var found = false
        for element in elements {
            guard case .string(let string) = element else { return false }
            if !found && string.bytesEqual(wanted) { found = true }
        }
        return found
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly the UTF-8 encoding of `string`.
    func bytesEqual(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { other in
            other.count == count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
        }
    }
}
