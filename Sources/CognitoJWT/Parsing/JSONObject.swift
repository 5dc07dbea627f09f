/// A JSON object: its members in document order. Names are unique (the strict parser rejects duplicates).
public struct JSONObject: Sendable {
    /// One member of an object.
    public struct Member: Sendable {
        /// The member name (escapes resolved).
        public let name: String
        /// The member value.
        public let value: JSONValue

        /// Creates a member.
        public init(name: String, value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    /// Where the members are: a plain list, or the text of a parsed token (see ``ParsedMembers``).
    enum Storage: Sendable {
        case members([Member])
        case parsed(ParsedMembers)
    }

    let storage: Storage

    /// The members in document order.
    public var members: [Member] {
        switch storage {
        case .members(let members): return members
        case .parsed(let parsed):
            return (0..<parsed.count).map { Member(name: parsed.name(at: $0), value: parsed.value(at: $0)) }
        }
    }

    /// Creates an object from members; the caller keeps names unique.
    public init(members: [Member]) {
        storage = .members(members)
    }

    init(parsed: ParsedMembers) {
        storage = .parsed(parsed)
    }

    /// The number of members.
    public var count: Int {
        switch storage {
        case .members(let members): return members.count
        case .parsed(let parsed): return parsed.count
        }
    }

    /// The member names in document order.
    public var names: [String] {
        switch storage {
        case .members(let members): return members.map(\.name)
        case .parsed(let parsed): return (0..<parsed.count).map(parsed.name(at:))
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from `name: value` pairs, in order (later duplicates replace earlier ones).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject(members: [])
        for (name, value) in elements { object[name] = value }
        self = object
    }

    /// Reads the member named `name` (byte for byte); setting `nil` removes it, setting a value replaces it in
    /// place or appends it.
    public subscript(name: String) -> JSONValue? {
        get {
            switch storage {
            case .members(let members):
                for member in members where member.name.bytesEqual(name) { return member.value }
                return nil
            case .parsed(let parsed):
                return parsed.index(of: name).map(parsed.value(at:))
            }
        }
        set {
            var members = self.members
            if let index = members.firstIndex(where: { $0.name.bytesEqual(name) }) {
                if let newValue {
                    members[index] = Member(name: name, value: newValue)
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append(Member(name: name, value: newValue))
            }
            self = JSONObject(members: members)
        }
    }
}
