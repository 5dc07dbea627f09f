#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A JSON object as ``StrictJSON`` read it from a token: the decoded text plus a table of where each member's
/// name and value lie in it. Strings and numbers stay bytes until someone reads them, so verifying a token
/// creates no `String` for the claims it only compares; nested arrays and objects are read eagerly.
///
/// Every byte range was validated by the strict parser. Names and string values that contained escapes are
/// stored unescaped after the text, so every range holds exactly the bytes of the name or value.
struct ParsedMembers: Sendable {
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
        /// An array or object; the value range's start is its index in ``ParsedMembers/nested``.
        case nested
    }

    /// One member: byte ranges of its name and value in ``ParsedMembers/text``.
    struct Entry: Sendable {
        let nameStart: Int32
        let nameEnd: Int32
        let valueStart: Int32
        let valueEnd: Int32
        let kind: Kind
    }

    /// The object's text, followed by the unescaped forms of names and strings that had escapes.
    let text: [UInt8]
    /// The members, in document order.
    let entries: [Entry]
    /// The arrays and objects among the values, in document order.
    let nested: [JSONValue]

    /// The index of the member whose name is `name`, byte for byte.
    func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            text.withUnsafeBytes { text -> Int? in
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
        let entry = entries[i]
        return string(Int(entry.nameStart)..<Int(entry.nameEnd))
    }

    /// The value of member `i`, built now.
    func value(at i: Int) -> JSONValue {
        let entry = entries[i]
        let range = Int(entry.valueStart)..<Int(entry.valueEnd)
        switch entry.kind {
        case .string: return .string(string(range))
        case .number: return .number(string(range))
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .nested: return nested[range.lowerBound]
        }
    }

    /// Calls `body` with member `i`'s value as bytes, without building it.
    func withScalarBytes<R>(at i: Int, _ body: (JSONScalarBytes) -> R) -> R {
        let entry = entries[i]
        return text.withUnsafeBytes { text in
            let bytes = UnsafeRawBufferPointer(rebasing: text[Int(entry.valueStart)..<Int(entry.valueEnd)])
            switch entry.kind {
            case .string: return body(.string(bytes))
            case .number: return body(.number(bytes))
            default: return body(.other)
            }
        }
    }

    private func string(_ range: Range<Int>) -> String {
        text.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
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
            return parsed.withScalarBytes(at: i, body)
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
