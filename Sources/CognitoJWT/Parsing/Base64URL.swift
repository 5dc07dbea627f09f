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
        input.withUTF8Bytes { decode($0) }
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
        shiftedTables.withUnsafeBufferPointer { tables -> Int? in
            // Each table maps a character to its 6 bits already shifted into place for its position in a group
            // of four, so a group is four lookups ORed; a character outside the alphabet sets bit 24.
            func group(_ i: Int) -> UInt32 {
                tables[Int(input[i])] | tables[256 + Int(input[i + 1])]
                    | tables[512 + Int(input[i + 2])] | tables[768 + Int(input[i + 3])]
            }
            let count = input.count
            var i = 0
            var o = 0
            // Two groups (six bytes) per step, written as one 8-byte store while there is room for it.
            while i + 8 <= count && o + 8 <= out.count {
                let first = group(i)
                let second = group(i + 4)
                if (first | second) > 0xFF_FFFF { return nil }
                out.storeBytes(
                    of: (UInt64(first) << 40 | UInt64(second) << 16).bigEndian, toByteOffset: o, as: UInt64.self)
                i += 8
                o += 6
            }
            while i + 4 <= count {
                let value = group(i)
                if value > 0xFF_FFFF { return nil }
                out[o] = UInt8(truncatingIfNeeded: value >> 16)
                out[o + 1] = UInt8(truncatingIfNeeded: value >> 8)
                out[o + 2] = UInt8(truncatingIfNeeded: value)
                i += 4
                o += 3
            }
            switch count - i {
            case 0:
                return o
            case 2:
                let value = tables[Int(input[i])] | tables[256 + Int(input[i + 1])]
                if value > 0xFF_FFFF || value & 0xFFFF != 0 { return nil }  // the unused 4 bits must be zero
                out[o] = UInt8(truncatingIfNeeded: value >> 16)
                return o + 1
            case 3:
                let value = tables[Int(input[i])] | tables[256 + Int(input[i + 1])] | tables[512 + Int(input[i + 2])]
                if value > 0xFF_FFFF || value & 0xFF != 0 { return nil }  // the unused 2 bits must be zero
                out[o] = UInt8(truncatingIfNeeded: value >> 16)
                out[o + 1] = UInt8(truncatingIfNeeded: value >> 8)
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

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Four tables of 256 entries: for position `p` in a group of four, a character's 6-bit value shifted left
    /// by `18 - 6p`, or bit 24 when the character is not in the base64url alphabet.
    private static let shiftedTables: [UInt32] = {
        var tables = [UInt32](repeating: 1 << 24, count: 4 * 256)
        for (value, byte) in alphabet.enumerated() {
            for position in 0..<4 { tables[position * 256 + Int(byte)] = UInt32(value) << (18 - 6 * position) }
        }
        return tables
    }()
}
