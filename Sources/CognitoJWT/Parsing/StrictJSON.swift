/// A strict RFC 8259 JSON reader for token headers, payloads and JWKS documents.
///
/// Unlike `JSONSerialization`/`JSONDecoder` it rejects: invalid UTF-8, raw control characters in strings,
/// lone surrogate escapes, comments, `NaN`/`Infinity`, leading zeros, trailing data, objects with a duplicate
/// member name (compared after unescaping, byte for byte, so `"\u0069ss"` duplicates `"iss"`), and documents
/// beyond their ``JSONLimits`` (nesting, members per object, values). Reading costs time linear in the input.
public enum StrictJSON {
    /// Deepest nesting of arrays and objects accepted in a document (``JSONLimits/document``).
    public static let maximumDepth = JSONLimits.document.maximumDepth

    /// Parses one JSON value filling the whole input (whitespace around it allowed).
    public static func parse(
        _ bytes: some Collection<UInt8>,
        limits: JSONLimits = .document
    ) throws(SyntaxError) -> JSONValue {
        let result: Result<JSONValue, SyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(UnsafeRawBufferPointer(buffer), limits: limits)
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { parse($0, limits: limits) }.get()
    }

    /// Parses one JSON value that must be an object.
    public static func parseObject(
        _ bytes: some Collection<UInt8>,
        limits: JSONLimits = .document
    ) throws(SyntaxError) -> JSONObject {
        guard case .object(let object) = try parse(bytes, limits: limits) else {
            throw SyntaxError(reason: "not a JSON object", offset: 0)
        }
        return object
    }

    static func parse(_ buffer: UnsafeRawBufferPointer, limits: JSONLimits) -> Result<JSONValue, SyntaxError> {
        var reader = JSONReader(buffer: buffer, limits: limits)
        do throws(SyntaxError) {
            reader.skipWhitespace()
            let value = try reader.readValue(depth: 0)
            reader.skipWhitespace()
            if reader.index != buffer.count { throw reader.error("trailing data") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// Parses one JSON object for reading on demand (see ``ParsedMembers``): the same rules as
    /// ``parseObject(_:limits:)``, but names and values stay bytes of a copy of `text`.
    static func parseMembers(_ text: UnsafeRawBufferPointer, limits: JSONLimits) throws(SyntaxError) -> JSONObject {
        guard text.count < Int(Int32.max) / 2 else { throw SyntaxError(reason: "document too large", offset: 0) }
        return try withUnsafeTemporaryAllocation(of: ParsedMembers.Entry.self, capacity: 32) { scratch in
            Result { () throws(SyntaxError) -> JSONObject in
                var entries = MemberEntryList(scratch: scratch)
                var reader = JSONReader(buffer: text, limits: limits)
                reader.skipWhitespace()
                guard reader.isAt(UInt8(ascii: "{")) else {
                    throw SyntaxError(reason: "not a JSON object", offset: reader.index)
                }
                try reader.readMembers(depth: 1, keepNames: true) { reader, name throws(SyntaxError) in
                    entries.append(try reader.readEntry(name: name))
                }
                reader.skipWhitespace()
                if reader.index != text.count { throw reader.error("trailing data") }
                return entries.withBuffer {
                    JSONObject(parsed: ParsedMembers(entries: $0, text: text, unescaped: reader.unescaped))
                }
            }
        }.get()
    }

    /// Whether a validated array's JSON text holds only strings, one of them `wanted` byte for byte; `nil` when
    /// a string has escapes (compare built strings instead).
    static func arrayOfStrings(_ text: UnsafeRawBufferPointer, contains wanted: String) -> Bool? {
        var reader = JSONReader(buffer: text, limits: .document)
        reader.skipWhitespace()
        guard reader.isAt(UInt8(ascii: "[")) else { return false }
        reader.index += 1
        var found = false
        while true {
            reader.skipWhitespace()
            guard reader.index < text.count else { return found }
            if reader.isAt(UInt8(ascii: "]")) { return found }
            guard reader.isAt(UInt8(ascii: "\"")), let span = try? reader.scanString() else { return false }
            if span.escaped { return nil }
            if !found && UnsafeRawBufferPointer(rebasing: text[span.start..<span.end]).bytesEqual(wanted) {
                found = true
            }
            reader.skipWhitespace()
            guard reader.isAt(UInt8(ascii: ",")) else { return found }
            reader.index += 1
        }
    }
}

extension JSONReader {
    /// Reads one member's value for a token's member table: scalars as ranges, containers validated and kept as
    /// their text.
    mutating func readEntry(name: Range<Int>) throws(SyntaxError) -> ParsedMembers.Entry {
        let kind: ParsedMembers.Kind
        let start = index
        var value: Range<Int>?
        switch buffer[index] {
        case UInt8(ascii: "\""):
            kind = .string
            value = place(try scanString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = .number; _ = try scanNumber()
        case UInt8(ascii: "{"), UInt8(ascii: "["): kind = .container; try skipValue(depth: 1)
        default:
            switch try readLiteral() {
            case .bool(true): kind = .true
            case .bool(false): kind = .false
            default: kind = .null
            }
        }
        let range = value ?? start..<index
        return ParsedMembers.Entry(
            nameStart: Int32(name.lowerBound), nameEnd: Int32(name.upperBound),
            valueStart: Int32(range.lowerBound), valueEnd: Int32(range.upperBound), kind: kind)
    }
}
