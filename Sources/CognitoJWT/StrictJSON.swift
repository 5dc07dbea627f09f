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

    /// Parses one JSON object from memory.
    static func parseObject(_ buffer: UnsafeRawBufferPointer) throws(SyntaxError) -> JSONObject {
        guard case .object(let object) = try parse(buffer).get() else {
            throw SyntaxError(reason: "not a JSON object", offset: 0)
        }
        return object
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

        /// Linear for the small objects of tokens; quadratic only up to the size limits of the inputs we read.
        static func containsName(_ name: String, in members: [JSONObject.Member]) -> Bool {
            for member in members where member.name.bytesEqual(name) { return true }
            return false
        }

        mutating func readArray(depth: Int) throws(SyntaxError) -> [JSONValue] {
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
                elements.append(try readValue(depth: depth))
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
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func readString() throws(SyntaxError) -> String {
            index += 1  // opening quote
            let start = index
            // Fast path: no escapes. Scan to the closing quote, rejecting control characters.
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<index])
                    index += 1
                    return try validatedString(slice, offset: start)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw error("control character in string") }
                index += 1
            }
            guard index < buffer.count else { throw error("unterminated string") }
            // Slow path: unescape into a byte buffer.
            var bytes = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[start..<index]))
            while index < buffer.count {
                let byte = buffer[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    let result = bytes.withUnsafeBytes { raw in
                        Result { () throws(SyntaxError) in try validatedString(raw, offset: start) }
                    }
                    return try result.get()
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < buffer.count else { throw error("unterminated escape") }
                    let escaped = buffer[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""): bytes.append(0x22)
                    case UInt8(ascii: "\\"): bytes.append(0x5C)
                    case UInt8(ascii: "/"): bytes.append(0x2F)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try readHex4()
                        if scalar >= 0xD800 && scalar <= 0xDBFF {
                            guard buffer.count - index >= 6, buffer[index] == UInt8(ascii: "\\"),
                                  buffer[index + 1] == UInt8(ascii: "u") else { throw error("lone surrogate") }
                            index += 2
                            let low = try readHex4()
                            guard low >= 0xDC00 && low <= 0xDFFF else { throw error("lone surrogate") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                            throw error("lone surrogate")
                        }
                        appendUTF8(scalar, to: &bytes)
                    default:
                        throw error("invalid escape")
                    }
                default:
                    if byte < 0x20 { throw error("control character in string") }
                    bytes.append(byte)
                    index += 1
                }
            }
            throw error("unterminated string")
        }

        mutating func readHex4() throws(SyntaxError) -> UInt32 {
            guard buffer.count - index >= 4 else { throw error("invalid \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = buffer[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error("invalid \\u escape")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
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

        func validatedString(_ bytes: UnsafeRawBufferPointer, offset: Int) throws(SyntaxError) -> String {
            // ASCII needs no validation; anything else must be well-formed UTF-8.
            var ascii = true
            for byte in bytes where byte >= 0x80 { ascii = false; break }
            if ascii { return String(decoding: bytes, as: UTF8.self) }
            guard let string = String(validating: bytes, as: UTF8.self) else {
                throw SyntaxError(reason: "invalid UTF-8", offset: offset)
            }
            return string
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
