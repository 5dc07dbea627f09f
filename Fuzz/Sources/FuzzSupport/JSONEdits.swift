/// Edits on a JSON object's bytes that keep it (mostly) well formed, for ``TokenMutator``.
enum JSONEdits {
    static let algorithms = [
        "\"none\"", "\"HS256\"", "\"RS384\"", "\"ES256\"", "\"rs256\"", "\"RS256 \"", "\"R\\u0053256\"", "null", "256",
    ]
    static let keyReferences = [
        "\"jku\":\"http://127.0.0.1:1/jwks\"", "\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
        "\"x5u\":\"http://127.0.0.1:1/x\"", "\"x5c\":[\"AAAA\"]", "\"crit\":[\"exp\"]", "\"b64\":false", "\"zip\":\"DEF\"",
    ]
    static let claimNames = ["exp", "iss", "token_use", "client_id", "aud", "iat", "nbf", "sub", "cognito:groups", "scope"]
    static let claimValues = [
        "99999999999", "1e400", "-1", "0.5", "\"id\"", "\"access\"", "null", "true", "[]", "{}",
        "\"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_iWcTPhZBA\"", "\"6i0o6sela15jdctgeflkmj4gjo\"",
        "[\"6i0o6sela15jdctgeflkmj4gjo\"]", "\"\\u0000\"", "\"\\ud800\"",
    ]

    /// Byte offsets of the top-level members' starts (the `"` of each name) of the object in `json`.
    static func memberStarts(_ json: [UInt8]) -> [(start: Int, end: Int)] {
        var result: [(Int, Int)] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: Int?
        for (index, byte) in json.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if depth == 1 && start == nil { start = index }
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 1, let begin = start { result.append((begin, index)); start = nil }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1, let begin = start { result.append((begin, index)); start = nil }
            default: break
            }
        }
        return result
    }

    /// Inserts a copy of the `k`-th member right after it.
    static func duplicateMember(_ json: inout [UInt8], _ k: Int) {
        let members = memberStarts(json)
        guard !members.isEmpty else { return }
        let member = members[k % members.count]
        json.insert(contentsOf: Array(json[member.start..<member.end]) + [UInt8(ascii: ",")], at: member.start)
    }

    /// Writes the `k`-th ASCII letter inside a string as a `\u00XX` escape (same text, other bytes).
    static func reescape(_ json: inout [UInt8], _ k: Int) {
        let letters = json.indices.filter { (json[$0] | 0x20) >= UInt8(ascii: "a") && (json[$0] | 0x20) <= UInt8(ascii: "z") }
        guard !letters.isEmpty else { return }
        let index = letters[k % letters.count]
        let hex = Array("0123456789abcdef".utf8)
        let byte = json[index]
        json.replaceSubrange(index...index, with: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
    }

    /// Lengthens the `k`-th run of digits: leading zeros, a fraction, an exponent, or hundreds of digits.
    static func stretchNumber(_ json: inout [UInt8], _ k: Int) {
        var runs: [Range<Int>] = []
        var index = 0
        while index < json.count {
            if json[index] >= UInt8(ascii: "0") && json[index] <= UInt8(ascii: "9") {
                let start = index
                while index < json.count && json[index] >= UInt8(ascii: "0") && json[index] <= UInt8(ascii: "9") { index += 1 }
                runs.append(start..<index)
            } else {
                index += 1
            }
        }
        guard !runs.isEmpty else { return }
        let run = runs[k % runs.count]
        let suffixes: [[UInt8]] = [
            Array(".0".utf8), Array("e0".utf8), Array("E+00".utf8), Array(repeating: UInt8(ascii: "9"), count: 400),
            Array(".000000000000000000000001".utf8), Array("e-400".utf8),
        ]
        if k % 7 == 6 {
            json.insert(UInt8(ascii: "0"), at: run.lowerBound)
        } else {
            json.insert(contentsOf: suffixes[k % 7 % suffixes.count], at: run.upperBound)
        }
    }

    /// Wraps the first member's value in `depth` arrays or objects.
    static func nest(_ json: inout [UInt8], depth: Int, array: Bool) {
        guard let member = memberStarts(json).first,
            let colon = json[member.start..<member.end].firstIndex(of: UInt8(ascii: ":"))
        else { return }
        let open: [UInt8] = array ? [UInt8(ascii: "[")] : Array("{\"a\":".utf8)
        let close: [UInt8] = array ? [UInt8(ascii: "]")] : [UInt8(ascii: "}")]
        json.insert(contentsOf: Array(repeating: close, count: depth).joined(), at: member.end)
        json.insert(contentsOf: Array(repeating: open, count: depth).joined(), at: colon + 1)
    }

    /// Sets member `name` to the JSON text `value`: replaces its first occurrence's value, or adds it.
    static func setMember(_ json: inout [UInt8], _ name: String, _ value: String) {
        let key = Array("\"\(name)\"".utf8)
        for member in memberStarts(json) where json[member.start...].starts(with: key) {
            guard let colon = json[member.start..<member.end].firstIndex(of: UInt8(ascii: ":")) else { return }
            json.replaceSubrange((colon + 1)..<member.end, with: Array(value.utf8))
            return
        }
        addMember(&json, "\"\(name)\":\(value)")
    }

    /// Adds the member text `member` (`"name":value`) at the object's start.
    static func addMember(_ json: inout [UInt8], _ member: String) {
        guard let brace = json.firstIndex(of: UInt8(ascii: "{")) else { return }
        let hasMembers = json[(brace + 1)...].first(where: { $0 != 0x20 }) != UInt8(ascii: "}")
        json.insert(contentsOf: Array(member.utf8) + (hasMembers ? [UInt8(ascii: ",")] : []), at: brace + 1)
    }
}
