/// Strict base64url (RFC 4648 §5) without padding, as JWS compact serialization requires.
///
/// Rejects `=` padding, whitespace, the standard alphabet's `+` and `/`, a length that leaves one
/// character over, and non-canonical encodings (unused trailing bits that are not zero).
public enum Base64URL {
    /// Decodes `input`; returns `nil` for anything that is not canonical unpadded base64url.
    public static func decode(_ input: some Collection<UInt8>) -> [UInt8]? {
        if let result = input.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(input).withUnsafeBytes { decode($0) }
    }

    /// Decodes `input` as base64url text; returns `nil` when it is not canonical.
    public static func decode(_ input: String) -> [UInt8]? {
        var input = input
        return input.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let count = decodedCount(input.count) else { return nil }
        var failed = false
        let output = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            initialized = decode(input, into: UnsafeMutableRawBufferPointer(out)) ?? 0
            failed = initialized != count
        }
        return failed ? nil : output
    }

    /// The number of bytes `length` base64url characters decode to, or `nil` for an impossible length.
    static func decodedCount(_ length: Int) -> Int? {
        length % 4 == 1 ? nil : length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1)
    }

    /// Decodes `input` into `out` (at least ``decodedCount(_:)`` bytes); returns the count, or `nil` when the
    /// input is not canonical.
    static func decode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int? {
        table.withUnsafeBufferPointer { table -> Int? in
            let count = input.count
            var i = 0
            var o = 0
            while i + 4 <= count {
                let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                if (a | b | c | d) & 0x80 != 0 { return nil }
                out[o] = a << 2 | b >> 4
                out[o + 1] = b << 4 | c >> 2
                out[o + 2] = c << 6 | d
                i += 4
                o += 3
            }
            switch count - i {
            case 0:
                return o
            case 2:
                let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                if (a | b) & 0x80 != 0 || b & 0x0F != 0 { return nil }
                out[o] = a << 2 | b >> 4
                return o + 1
            case 3:
                let a = table[Int(input[i])], b = table[Int(input[i + 1])], c = table[Int(input[i + 2])]
                if (a | b | c) & 0x80 != 0 || c & 0x03 != 0 { return nil }
                out[o] = a << 2 | b >> 4
                out[o + 1] = b << 4 | c >> 2
                return o + 2
            default:
                return nil
            }
        }
    }

    /// Encodes `bytes` as unpadded base64url.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF when it is not in the base64url alphabet.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()
}
