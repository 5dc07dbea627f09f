#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A strict RFC 8259 JSON reader for token headers, payloads and JWKS documents.
///
/// Unlike `JSONSerialization`/`JSONDecoder` it rejects: invalid UTF-8, raw control characters in strings,
/// lone surrogate escapes, comments, `NaN`/`Infinity`, leading zeros, trailing data, nesting deeper than
/// ``maximumDepth``, and objects with a duplicate member name (compared after unescaping, byte for byte,
/// so `"\u0069ss"` duplicates `"iss"`).
public enum StrictJSON {
    /// Deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 64

    /// Why a document was rejected.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let reason: String
        /// Byte offset at which it was noticed.
        public let offset: Int
        /// `reason at byte offset`.
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Parses one JSON value filling the whole input (whitespace around it allowed).
    public static func parse(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        let result: Result<JSONValue, SyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(UnsafeRawBufferPointer(buffer))
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { parse($0) }.get()
    }

    /// Parses one JSON value that must be an object.
    public static func parseObject(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONObject {
        guard case .object(let object) = try parse(bytes) else {
            throw SyntaxError(reason: "not a JSON object", offset: 0)
        }
        return object
    }

    /// Parses one JSON object for reading on demand (see ``ParsedMembers``): the same rules as
    /// ``parseObject(_:)-(some Collection<UInt8>)``, but names and values stay bytes of a copy of `text`.
    static func parseMembers(_ text: UnsafeRawBufferPointer) throws(SyntaxError) -> JSONObject {
        guard text.count < Int(Int32.max) / 2 else { throw SyntaxError(reason: "document too large", offset: 0) }
        return try withUnsafeTemporaryAllocation(of: ParsedMembers.Entry.self, capacity: 32) { scratch in
            Result { () throws(SyntaxError) -> JSONObject in
                var entries = EntryList(scratch: scratch)
                var unescaped: [UInt8] = []
                var reader = Reader(buffer: text)
                reader.skipWhitespace()
                guard reader.index < text.count, text[reader.index] == UInt8(ascii: "{") else {
                    throw SyntaxError(reason: "not a JSON object", offset: reader.index)
                }
                try reader.readMembers(into: &entries, unescaped: &unescaped, base: text.count)
                reader.skipWhitespace()
                if reader.index != text.count { throw reader.error("trailing data") }
                return entries.withBuffer { JSONObject(parsed: ParsedMembers(entries: $0, text: text, unescaped: unescaped)) }
            }
        }.get()
    }

    /// Whether a validated array's JSON text holds only strings, one of them `wanted` byte for byte; `nil` when
    /// a string has escapes (compare built strings instead).
    static func arrayOfStrings(_ text: UnsafeRawBufferPointer, contains wanted: String) -> Bool? {
        var reader = Reader(buffer: text)
        reader.skipWhitespace()
        guard reader.index < text.count, text[reader.index] == UInt8(ascii: "[") else { return false }
        reader.index += 1
        var found = false
        while true {
            reader.skipWhitespace()
            guard reader.index < text.count else { return found }
            if text[reader.index] == UInt8(ascii: "]") { return found }
            guard text[reader.index] == UInt8(ascii: "\""), let span = try? reader.scanString() else { return false }
            if span.escaped { return nil }
            if !found && UnsafeRawBufferPointer(rebasing: text[span.start..<span.end]).bytesEqual(wanted) { found = true }
            reader.skipWhitespace()
            guard reader.index < text.count, text[reader.index] == UInt8(ascii: ",") else { return found }
            reader.index += 1
        }
    }

    /// The member table being read: in scratch memory while it fits, then in an array.
    struct EntryList {
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

    static func parse(_ buffer: UnsafeRawBufferPointer) -> Result<JSONValue, SyntaxError> {
        var reader = Reader(buffer: buffer)
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

    private struct Reader {
        let buffer: UnsafeRawBufferPointer
        var index = 0

        init(buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

        func error(_ reason: String) -> SyntaxError { SyntaxError(reason: reason, offset: index) }

        mutating func skipWhitespace() {
            while index < buffer.count {
                switch buffer[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func readValue(depth: Int) throws(SyntaxError) -> JSONValue {
            guard index < buffer.count else { throw error("unexpected end of input") }
            switch buffer[index] {
            case UInt8(ascii: "{"): return .object(try readObject(depth: depth + 1))
            case UInt8(ascii: "["): return .array(try readArray(depth: depth + 1))
            case UInt8(ascii: "\""): return .string(try readString())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
            default: throw error("unexpected character")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
            let count = literal.utf8CodeUnitCount
            guard buffer.count - index >= count else { throw error("invalid literal") }
            let bytes = literal.utf8Start
            for i in 0..<count where buffer[index + i] != bytes[i] {
                throw error("invalid literal")
            }
            index += count
        }

        mutating func readObject(depth: Int) throws(SyntaxError) -> JSONObject {
            guard depth <= StrictJSON.maximumDepth else { throw error("nesting too deep") }
            index += 1  // {
            var members: [JSONObject.Member] = []
            members.reserveCapacity(16)
            skipWhitespace()
            if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
                index += 1
                return JSONObject(members: members)
            }
            while true {
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else {
                    throw error("expected member name")
                }
                let nameOffset = index
                let name = try readString()
                if Self.containsName(name, in: members) {
                    throw SyntaxError(reason: "duplicate member name", offset: nameOffset)
                }
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipWhitespace()
                let value = try readValue(depth: depth)
                members.append(JSONObject.Member(name: name, value: value))
                skipWhitespace()
                guard index < buffer.count else { throw error("unexpected end of input") }
                let byte = buffer[index]
                index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "}") { return JSONObject(members: members) }
                index -= 1
                throw error("expected ',' or '}'")
            }
        }

        /// Reads the members of the top-level object at `index` into `entries` (see ``ParsedMembers``): names and
        /// strings with escapes are unescaped into `unescaped`, whose bytes will follow the text at `base`.
        mutating func readMembers(into entries: inout EntryList, unescaped: inout [UInt8], base: Int) throws(SyntaxError) {
            index += 1  // {
            skipWhitespace()
            if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else {
                    throw error("expected member name")
                }
                let nameOffset = index
                let name = place(try scanString(), unescaped: &unescaped, base: base)
                let duplicate = entries.withBuffer { entries in
                    entries.contains { Self.sameBytes(name, Int($0.nameStart)..<Int($0.nameEnd), buffer, unescaped, base) }
                }
                if duplicate { throw SyntaxError(reason: "duplicate member name", offset: nameOffset) }
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipWhitespace()
                guard index < buffer.count else { throw error("unexpected end of input") }
                let kind: ParsedMembers.Kind
                let start = index
                var value: Range<Int>?
                switch buffer[index] {
                case UInt8(ascii: "\""):
                    kind = .string
                    value = place(try scanString(), unescaped: &unescaped, base: base)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = .number; _ = try scanNumber()
                case UInt8(ascii: "t"): kind = .true; try expectLiteral("true")
                case UInt8(ascii: "f"): kind = .false; try expectLiteral("false")
                case UInt8(ascii: "n"): kind = .null; try expectLiteral("null")
                case UInt8(ascii: "{"), UInt8(ascii: "["): kind = .container; try skipValue(depth: 1)
                default: throw error("unexpected character")
                }
                let range = value ?? start..<index
                entries.append(ParsedMembers.Entry(nameStart: Int32(name.lowerBound), nameEnd: Int32(name.upperBound),
                                                   valueStart: Int32(range.lowerBound), valueEnd: Int32(range.upperBound),
                                                   kind: kind))
                skipWhitespace()
                guard index < buffer.count else { throw error("unexpected end of input") }
                let byte = buffer[index]
                index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "}") { return }
                index -= 1
                throw error("expected ',' or '}'")
            }
        }

        /// Validates one value like ``readValue(depth:)``, building nothing but the names of nested objects.
        mutating func skipValue(depth: Int) throws(SyntaxError) {
            guard index < buffer.count else { throw error("unexpected end of input") }
            switch buffer[index] {
            case UInt8(ascii: "["): _ = try readArray(depth: depth + 1, building: false)
            case UInt8(ascii: "\""): _ = try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
            default: _ = try readValue(depth: depth)
            }
        }

        /// The range of a string's bytes: in the text when it has no escapes, else unescaped after it.
        func place(_ span: StringSpan, unescaped: inout [UInt8], base: Int) -> Range<Int> {
            guard span.escaped else { return span.start..<span.end }
            let start = base + unescaped.count
            unescape(span, into: &unescaped)
            return start..<(base + unescaped.count)
        }

        /// Whether two ranges (of the text, or past `base` of `unescaped`) hold the same bytes.
        static func sameBytes(_ a: Range<Int>, _ b: Range<Int>, _ text: UnsafeRawBufferPointer,
                              _ unescaped: [UInt8], _ base: Int) -> Bool {
            guard a.count == b.count else { return false }
            if a.upperBound <= base && b.upperBound <= base {
                return a.isEmpty || (text[a.lowerBound] == text[b.lowerBound]
                    && memcmp(text.baseAddress! + a.lowerBound, text.baseAddress! + b.lowerBound, a.count) == 0)
            }
            func byte(_ i: Int) -> UInt8 { i < base ? text[i] : unescaped[i - base] }
            for k in 0..<a.count where byte(a.lowerBound + k) != byte(b.lowerBound + k) { return false }
            return true
        }

        /// Linear for the small objects of tokens; quadratic only up to the size limits of the inputs we read.
        static func containsName(_ name: String, in members: [JSONObject.Member]) -> Bool {
            for member in members where member.name.bytesEqual(name) { return true }
            return false
        }

        /// Reads an array; with `building` false it only validates the elements and returns none.
        mutating func readArray(depth: Int, building: Bool = true) throws(SyntaxError) -> [JSONValue] {
            guard depth <= StrictJSON.maximumDepth else { throw error("nesting too deep") }
            index += 1  // [
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < buffer.count, buffer[index] == UInt8(ascii: "]") {
                index += 1
                return elements
            }
            while true {
                skipWhitespace()
                if building { elements.append(try readValue(depth: depth)) } else { try skipValue(depth: depth) }
                skipWhitespace()
                guard index < buffer.count else { throw error("unexpected end of input") }
                let byte = buffer[index]
                index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") { return elements }
                index -= 1
                throw error("expected ',' or ']'")
            }
        }

        mutating func readNumber() throws(SyntaxError) -> String {
            let range = try scanNumber()
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }

        /// Validates one number and returns where its literal lies.
        mutating func scanNumber() throws(SyntaxError) -> Range<Int> {
            let start = index
            if buffer[index] == UInt8(ascii: "-") { index += 1 }
            guard index < buffer.count else { throw error("invalid number") }
            if buffer[index] == UInt8(ascii: "0") {
                index += 1
            } else if isDigit(buffer[index]) {
                while index < buffer.count, isDigit(buffer[index]) { index += 1 }
            } else {
                throw error("invalid number")
            }
            if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
                index += 1
                guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
                while index < buffer.count, isDigit(buffer[index]) { index += 1 }
            }
            if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
                index += 1
                if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
                while index < buffer.count, isDigit(buffer[index]) { index += 1 }
            }
            return start..<index
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        /// Where a string's content lies (between its quotes) and whether it contains escapes.
        struct StringSpan {
            let start: Int
            let end: Int
            let escaped: Bool
        }

        /// Validates one string (escapes, surrogate pairs, control characters, UTF-8) without building it.
        mutating func scanString() throws(SyntaxError) -> StringSpan {
            index += 1  // opening quote
            let start = index
            var escaped = false
            var ascii = true
            while index < buffer.count {
                // Skip eight plain ASCII characters at a time (no quote, backslash, control or non-ASCII byte).
                while buffer.count - index >= 8 && !Self.mayNeedAttention(buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                }
                guard index < buffer.count else { break }
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    let span = StringSpan(start: start, end: index, escaped: escaped)
                    index += 1
                    if !ascii && !Self.isValidUTF8(UnsafeRawBufferPointer(rebasing: buffer[start..<span.end])) {
                        throw SyntaxError(reason: "invalid UTF-8", offset: start)
                    }
                    return span
                }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    index += 1
                    guard index < buffer.count else { throw error("unterminated escape") }
                    switch buffer[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        let scalar = try readHex4()
                        if scalar >= 0xD800 && scalar <= 0xDBFF {
                            guard buffer.count - index >= 6, buffer[index] == UInt8(ascii: "\\"),
                                  buffer[index + 1] == UInt8(ascii: "u") else { throw error("lone surrogate") }
                            index += 2
                            let low = try readHex4()
                            guard low >= 0xDC00 && low <= 0xDFFF else { throw error("lone surrogate") }
                        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                            throw error("lone surrogate")
                        }
                    default:
                        throw error("invalid escape")
                    }
                    continue
                }
                if byte < 0x20 { throw error("control character in string") }
                if byte >= 0x80 { ascii = false }
                index += 1
            }
            throw error("unterminated string")
        }

        /// Whether any of the eight bytes in `word` is `"`, `\\`, below 0x20 or above 0x7F (false positives are
        /// possible, false negatives are not).
        @inline(__always)
        static func mayNeedAttention(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroQuote = (quote &- ones) & ~quote
            let zeroBackslash = (backslash &- ones) & ~backslash
            let control = word &- (ones &* 0x20)
            return (zeroQuote | zeroBackslash | control | word) & high != 0
        }

        /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
        static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = bytes.makeIterator()
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        }

        /// Appends the content of a string ``scanString()`` validated, escapes resolved.
        func unescape(_ span: StringSpan, into bytes: inout [UInt8]) {
            var i = span.start
            while i < span.end {
                let byte = buffer[i]
                guard byte == UInt8(ascii: "\\") else {
                    bytes.append(byte)
                    i += 1
                    continue
                }
                let escaped = buffer[i + 1]
                i += 2
                switch escaped {
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = hex4(at: i)
                    i += 4
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4(at: i + 2) - 0xDC00)
                        i += 6
                    }
                    appendUTF8(scalar, to: &bytes)
                default: bytes.append(escaped)  // " \ /
                }
            }
        }

        /// The value of four hex digits ``readHex4()`` checked.
        func hex4(at offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for byte in buffer[offset..<(offset + 4)] {
                let digit = byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        mutating func readString() throws(SyntaxError) -> String {
            let span = try scanString()
            if !span.escaped {
                return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[span.start..<span.end]), as: UTF8.self)
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(span.end - span.start)
            unescape(span, into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        mutating func readHex4() throws(SyntaxError) -> UInt32 {
            guard buffer.count - index >= 4,
                  buffer[index..<(index + 4)].allSatisfy({ Self.isHexDigit($0) }) else { throw error("invalid \\u escape") }
            defer { index += 4 }
            return hex4(at: index)
        }

        static func isHexDigit(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
            default: false
            }
        }

        func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
            switch scalar {
            case 0..<0x80:
                bytes.append(UInt8(scalar))
            case 0x80..<0x800:
                bytes.append(UInt8(0xC0 | scalar >> 6))
                bytes.append(UInt8(0x80 | scalar & 0x3F))
            case 0x800..<0x10000:
                bytes.append(UInt8(0xE0 | scalar >> 12))
                bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                bytes.append(UInt8(0x80 | scalar & 0x3F))
            default:
                bytes.append(UInt8(0xF0 | scalar >> 18))
                bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
                bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                bytes.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
    }
}

extension JSONValue {
    /// Compact JSON text for this value (numbers as their original literals).
    public var jsonText: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Indented JSON text for this value, for people to read.
    public var prettyJSONText: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let literal): out += literal
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent, level + 1)
                element.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out += "]"
        case .object(let object):
            if object.members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, member) in object.members.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent, level + 1)
                JSONValue.writeString(member.name, to: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
