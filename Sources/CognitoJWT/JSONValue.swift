#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A JSON value as read by ``StrictJSON``: numbers keep their exact literal text, objects keep member order,
/// and member lookup compares names byte for byte.
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its literal text (for example `1700000000` or `1.5e3`).
    case number(String)
    /// A string (escapes resolved).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number as a `Double`, when this is a number (huge literals become infinity).
    public var doubleValue: Double? {
        if case .number(let literal) = self { return Double(literal) }
        return nil
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The elements, when this is an array whose elements are all strings.
    public var stringArrayValue: [String]? {
        guard case .array(let elements) = self else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element else { return nil }
            strings.append(s)
        }
        return strings
    }

    /// The object, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }
}

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

extension String {
    /// Byte-for-byte equality of the UTF-8 encodings, unlike `==`, which uses Unicode canonical equivalence
    /// (under which, for example, "\u{212A}" equals "K").
    @inlinable
    public func bytesEqual(_ other: String) -> Bool {
        let count = self.utf8.count
        guard count == other.utf8.count else { return false }
        // Native strings are contiguous UTF-8: compare memory. Others (bridged) compare element by element.
        let fast: Bool? = self.utf8.withContiguousStorageIfAvailable { lhs in
            other.utf8.withContiguousStorageIfAvailable { rhs in
                count == 0 || lhs.baseAddress == rhs.baseAddress || memcmp(lhs.baseAddress!, rhs.baseAddress!, count) == 0
            }
        } ?? nil
        return fast ?? self.utf8.elementsEqual(other.utf8)
    }
}

extension Sequence where Element == String {
    /// Whether some element equals `candidate` byte for byte.
    @inlinable
    public func containsBytes(_ candidate: String) -> Bool {
        contains { $0.bytesEqual(candidate) }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer number.
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
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
                if let newValue { members[index] = Member(name: name, value: newValue) } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(name: name, value: newValue))
            }
            self = JSONObject(members: members)
        }
    }
}
