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
            case .string(let string): return string.withUTF8Bytes { body(.string($0)) }
            case .number(let literal): return literal.withUTF8Bytes { body(.number($0)) }
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
