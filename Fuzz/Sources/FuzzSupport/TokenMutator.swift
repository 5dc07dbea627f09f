import CognitoJWT

/// Structure-aware changes to a genuine token, driven by the fuzzer's bytes: the first byte picks the token, each
/// following group of three bytes is one change (an operation and two arguments). The changes work on the token's
/// parts, not only its bytes: segments swapped, truncated or re-padded, JSON members duplicated or re-escaped,
/// numbers stretched, values nested deeply, headers given other algorithms or key references.
public enum TokenMutator {
    /// The token after the program's changes.
    public static func mutate(_ program: UnsafeRawBufferPointer) -> String {
        let genuine = FuzzVerifier.genuineTokenList
        guard let first = program.first else { return genuine[0] }
        var token = Token(genuine[Int(first) % genuine.count])
        var offset = 1
        while offset + 3 <= program.count {
            token.apply(program[offset], program[offset + 1], program[offset + 2])
            offset += 3
        }
        return token.text
    }

    /// A token as segments, each either still encoded or decoded to JSON bytes that are re-encoded at the end.
    struct Token {
        var segments: [[UInt8]]
        var decoded: [[UInt8]?]

        init(_ text: String) {
            segments = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
            decoded = Array(repeating: nil, count: segments.count)
        }

        var text: String {
            let parts = segments.indices.map { index in
                decoded[index].map { Array(Base64URL.encode($0).utf8) } ?? segments[index]
            }
            return String(decoding: Array(parts.joined(separator: [UInt8(ascii: ".")])), as: UTF8.self)
        }

        /// The JSON of segment `index` (header or payload), decoded on first use.
        mutating func json(_ index: Int) -> [UInt8]? {
            guard index < segments.count else { return nil }
            if decoded[index] == nil { decoded[index] = Base64URL.decode(segments[index]) }
            return decoded[index]
        }

        mutating func apply(_ operation: UInt8, _ a: UInt8, _ b: UInt8) {
            let position = Int(a) << 8 | Int(b)
            let jsonIndex = Int(a & 1)
            switch operation % 14 {
            case 0: flipBit(at: position, bit: b & 7)
            case 1: swapSegments(Int(a) % 3, Int(b) % 3)
            case 2: editJSON(jsonIndex) { JSONEdits.duplicateMember(&$0, Int(b)) }
            case 3: editJSON(jsonIndex) { JSONEdits.reescape(&$0, Int(b)) }
            case 4: editJSON(jsonIndex) { JSONEdits.stretchNumber(&$0, Int(b)) }
            case 5: editJSON(jsonIndex) { JSONEdits.nest(&$0, depth: Int(b) % 80 + 1, array: a & 2 == 0) }
            case 6: flatten { $0.removeSubrange(min(position, $0.count)...) }
            case 7: flatten { $0.insert(b, at: min(position % ($0.count + 1), $0.count)) }
            case 8: flatten { if !$0.isEmpty { $0.remove(at: position % $0.count) } }
            case 9: repad(Int(a) % 3, standardAlphabet: b & 1 == 1)
            case 10: editJSON(0) { JSONEdits.setMember(&$0, "alg", JSONEdits.algorithms[Int(b) % JSONEdits.algorithms.count]) }
            case 11: editJSON(0) { JSONEdits.addMember(&$0, JSONEdits.keyReferences[Int(b) % JSONEdits.keyReferences.count]) }
            case 12: editJSON(1) { JSONEdits.setMember(&$0, JSONEdits.claimNames[Int(b) % JSONEdits.claimNames.count], JSONEdits.claimValues[Int(a) % JSONEdits.claimValues.count]) }
            default: duplicateSegment(Int(a) % 3)
            }
        }

        mutating func editJSON(_ index: Int, _ edit: (inout [UInt8]) -> Void) {
            guard var json = json(index) else { return }
            edit(&json)
            decoded[index] = json
        }

        /// Works on the token's bytes as a whole: re-encodes every decoded segment first.
        mutating func flatten(_ edit: (inout [UInt8]) -> Void) {
            var bytes = Array(text.utf8)
            edit(&bytes)
            self = Token(String(decoding: bytes, as: UTF8.self))
        }

        mutating func flipBit(at position: Int, bit: UInt8) {
            flatten { bytes in
                guard !bytes.isEmpty else { return }
                bytes[position % bytes.count] ^= 1 << bit
            }
        }

        mutating func swapSegments(_ i: Int, _ j: Int) {
            guard i < segments.count, j < segments.count else { return }
            segments.swapAt(i, j)
            decoded.swapAt(i, j)
        }

        mutating func duplicateSegment(_ i: Int) {
            guard i < segments.count else { return }
            segments.insert(segments[i], at: i)
            decoded.insert(decoded[i], at: i)
        }

        /// Re-encodes segment `i` with `=` padding, or with the standard base64 alphabet.
        mutating func repad(_ i: Int, standardAlphabet: Bool) {
            guard i < segments.count else { return }
            let bytes = decoded[i] ?? Base64URL.decode(segments[i]) ?? segments[i]
            var text = Array(Base64URL.encode(bytes).utf8)
            if standardAlphabet {
                text = text.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
            }
            while text.count % 4 != 0 { text.append(UInt8(ascii: "=")) }
            segments[i] = text
            decoded[i] = nil
        }
    }
}
