/// The strict RFC 8259 reader behind ``StrictJSON``: one member loop and one element loop, each strictness rule
/// written once, serving the eager tree (``readValue(depth:)``), the token's member table and plain validation.
///
/// Names and strings that contain escapes are unescaped into ``unescaped``; a range at or past the end of the
/// text (``base``) points there, so every name or string is one range of bytes.
struct JSONReader {
    typealias SyntaxError = StrictJSON.SyntaxError

    let buffer: UnsafeRawBufferPointer
    let limits: JSONLimits
    var index = 0
    /// Values read so far (object members and array elements), against ``JSONLimits/maximumValues``.
    private var values = 0
    /// Unescaped names and strings, addressed from ``base`` on.
    var unescaped: [UInt8] = []
    /// Where ranges into ``unescaped`` start: the text's length.
    var base: Int { buffer.count }

    init(buffer: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.buffer = buffer
        self.limits = limits
    }

    func error(_ reason: String) -> SyntaxError { SyntaxError(reason: reason, offset: index) }

    mutating func skipWhitespace() {
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Whether the next byte is `byte`.
    func isAt(_ byte: UInt8) -> Bool { index < buffer.count && buffer[index] == byte }

    // MARK: Values

    /// Reads one value into a tree.
    mutating func readValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard index < buffer.count else { throw error("unexpected end of input") }
        switch buffer[index] {
        case UInt8(ascii: "{"):
            var members: [JSONObject.Member] = []
            try readMembers(depth: depth + 1, keepNames: false) { reader, name throws(SyntaxError) in
                members.append(
                    JSONObject.Member(name: reader.string(name), value: try reader.readValue(depth: depth + 1)))
            }
            return .object(JSONObject(members: members))
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readElements(depth: depth + 1) { reader throws(SyntaxError) in
                elements.append(try reader.readValue(depth: depth + 1))
            }
            return .array(elements)
        case UInt8(ascii: "\""):
            let span = try scanString()
            if !span.escaped { return .string(string(span.start..<span.end)) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(span.end - span.start)
            unescape(span, into: &bytes)
            return .string(String(decoding: bytes, as: UTF8.self))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(string(try scanNumber()))
        default:
            return try readLiteral()
        }
    }

    /// Validates one value, building nothing.
    mutating func skipValue(depth: Int) throws(SyntaxError) {
        guard index < buffer.count else { throw error("unexpected end of input") }
        switch buffer[index] {
        case UInt8(ascii: "{"):
            try readMembers(depth: depth + 1, keepNames: false) { reader, _ throws(SyntaxError) in
                try reader.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try readElements(depth: depth + 1) { reader throws(SyntaxError) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: _ = try readLiteral()
        }
    }

    /// `true`, `false` or `null`.
    mutating func readLiteral() throws(SyntaxError) -> JSONValue {
        guard index < buffer.count else { throw error("unexpected end of input") }
        switch buffer[index] {
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
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

    // MARK: The member and element loops

    /// Reads the object at ``index``: every rule about objects lives here (member syntax, unique names compared
    /// after unescaping, nesting and size limits). `member` reads each value, given the name's range; with
    /// `keepNames` false the object's unescaped names are dropped when it ends.
    mutating func readMembers(
        depth: Int, keepNames: Bool,
        _ member: (inout JSONReader, Range<Int>) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        guard depth <= limits.maximumDepth else { throw error("nesting too deep") }
        index += 1  // {
        let mark = unescaped.count
        skipWhitespace()
        if isAt(UInt8(ascii: "}")) {
            index += 1
            return
        }
        try withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: MemberNameSet.linearCapacity) { scratch in
            Result { () throws(SyntaxError) in
                var names = MemberNameSet(scratch: scratch)
                while true {
                    skipWhitespace()
                    guard isAt(UInt8(ascii: "\"")) else { throw error("expected member name") }
                    let nameOffset = index
                    let name = place(try scanString())
                    guard names.count < limits.maximumMembersPerObject else {
                        throw SyntaxError(
                            reason: "more than \(limits.maximumMembersPerObject) members in an object",
                            offset: nameOffset)
                    }
                    try countValue()
                    let inserted = unescaped.withUnsafeBytes {
                        names.insert(name, in: JSONTextBytes(text: buffer, unescaped: $0))
                    }
                    guard inserted else {
                        throw SyntaxError(reason: "duplicate member name", offset: nameOffset)
                    }
                    skipWhitespace()
                    guard isAt(UInt8(ascii: ":")) else { throw error("expected ':'") }
                    index += 1
                    skipWhitespace()
                    guard index < buffer.count else { throw error("unexpected end of input") }
                    try member(&self, name)
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
        }.get()
        if !keepNames { unescaped.removeSubrange(mark...) }
    }

    /// Reads the array at ``index``; `element` reads each element.
    mutating func readElements(
        depth: Int, _ element: (inout JSONReader) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        guard depth <= limits.maximumDepth else { throw error("nesting too deep") }
        index += 1  // [
        skipWhitespace()
        if isAt(UInt8(ascii: "]")) {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try countValue()
            try element(&self)
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input") }
            let byte = buffer[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { return }
            index -= 1
            throw error("expected ',' or ']'")
        }
    }

    private mutating func countValue() throws(SyntaxError) {
        values += 1
        guard values <= limits.maximumValues else { throw error("more than \(limits.maximumValues) values") }
    }

    // MARK: Names and strings as ranges

    /// The range of a string's bytes: in the text when it has no escapes, else unescaped past ``base``.
    mutating func place(_ span: StringSpan) -> Range<Int> {
        guard span.escaped else { return span.start..<span.end }
        let start = base + unescaped.count
        unescape(span, into: &unescaped)
        return start..<(base + unescaped.count)
    }

    /// Calls `body` with the bytes of a range of the text or of ``unescaped``.
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        unescaped.withUnsafeBytes { body(JSONTextBytes(text: buffer, unescaped: $0).bytes(range)) }
    }

    /// A range's bytes as a `String`.
    func string(_ range: Range<Int>) -> String {
        withBytes(range) { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Scalars

    /// Validates one number and returns where its literal lies. It reads at most one byte past
    /// ``JSONLimits/maximumNumberLength``: a longer literal is refused there, unread beyond.
    mutating func scanNumber() throws(SyntaxError) -> Range<Int> {
        let start = index
        let maximum = max(limits.maximumNumberLength, 1)
        // The bytes the literal may span, plus one to tell a literal of exactly `maximum` bytes from a longer one.
        let end = buffer.count - start > maximum ? start + maximum + 1 : buffer.count
        func at(_ byte: UInt8) -> Bool { index < end && buffer[index] == byte }
        func atDigit() -> Bool { index < end && isDigit(buffer[index]) }
        func invalid() -> SyntaxError {
            guard index >= end, end < buffer.count else { return error("invalid number") }
            return SyntaxError(reason: "number longer than \(maximum) bytes", offset: start)
        }
        if at(UInt8(ascii: "-")) { index += 1 }
        if at(UInt8(ascii: "0")) {
            index += 1
        } else if atDigit() {
            while atDigit() { index += 1 }
        } else {
            throw invalid()
        }
        if at(UInt8(ascii: ".")) {
            index += 1
            guard atDigit() else { throw invalid() }
            while atDigit() { index += 1 }
        }
        if at(UInt8(ascii: "e")) || at(UInt8(ascii: "E")) {
            index += 1
            if at(UInt8(ascii: "+")) || at(UInt8(ascii: "-")) { index += 1 }
            guard atDigit() else { throw invalid() }
            while atDigit() { index += 1 }
        }
        guard index - start <= maximum else {
            throw SyntaxError(reason: "number longer than \(maximum) bytes", offset: start)
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
            // Skip plain ASCII characters (no quote, backslash, control or non-ASCII byte) eight at a time, then
            // straight to the first byte of the word that needs attention.
            while buffer.count - index >= 8 {
                let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let attention = Self.attention(word)
                if attention == 0 {
                    index += 8
                } else {
                    index += attention.trailingZeroBitCount >> 3
                    break
                }
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
                            buffer[index + 1] == UInt8(ascii: "u")
                        else { throw error("lone surrogate") }
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

    /// The high bit of each byte of `word` (read little-endian) that is `"`, `\\`, below 0x20 or above 0x7F, with
    /// possible false positives above the lowest such byte only: its lowest set bit marks the first byte that needs
    /// attention exactly, and 0 means none does.
    @inline(__always)
    static func attention(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = word &- (ones &* 0x20)
        return (zeroQuote | zeroBackslash | control | word) & high
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
                Self.appendUTF8(scalar, to: &bytes)
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

    mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard buffer.count - index >= 4,
            buffer[index..<(index + 4)].allSatisfy({ Self.isHexDigit($0) })
        else { throw error("invalid \\u escape") }
        defer { index += 4 }
        return hex4(at: index)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }

    static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
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
