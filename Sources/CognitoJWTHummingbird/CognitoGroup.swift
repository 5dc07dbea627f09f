import CognitoJWT

/// A Cognito group name as a hummingbird-auth role: equal only to the byte-identical name, unlike `String`'s
/// `==`, which treats canonically equivalent names (`"\u{212A}"` and `"K"`) as equal.
public struct CognitoGroup: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The group name.
    public let name: String

    /// The group `name`.
    public init(_ name: String) { self.name = name }

    /// The group named by a literal, as in `RolePolicy("admin")`.
    public init(stringLiteral name: String) { self.name = name }

    /// The name.
    public var description: String { name }

    /// Byte-for-byte equality of the names.
    public static func == (lhs: CognitoGroup, rhs: CognitoGroup) -> Bool { lhs.name.bytesEqual(rhs.name) }

    /// Hashes the name's UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name.utf8.count)
        for byte in name.utf8 { hasher.combine(byte) }
    }
}
