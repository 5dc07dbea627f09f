/// How much a JSON document may hold, so that reading any input costs time in proportion to its size.
///
/// Real Cognito tokens carry 20 to 40 members nested two or three levels deep; these limits are far above that.
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of arrays and objects.
    public var maximumDepth: Int
    /// Most members in one object.
    public var maximumMembersPerObject: Int
    /// Most values in the whole document: object members and array elements together.
    public var maximumValues: Int
    /// Longest number literal, in bytes; reading stops at the first byte beyond it, so a longer literal costs no
    /// more to refuse than this many bytes.
    public var maximumNumberLength: Int

    /// Creates limits; number literals of at most ``tokenNumberLength`` bytes unless told otherwise.
    public init(
        maximumDepth: Int, maximumMembersPerObject: Int, maximumValues: Int,
        maximumNumberLength: Int = JSONLimits.tokenNumberLength
    ) {
        self.maximumDepth = maximumDepth
        self.maximumMembersPerObject = maximumMembersPerObject
        self.maximumValues = maximumValues
        self.maximumNumberLength = maximumNumberLength
    }

    /// Longest number literal in a token's header or payload: 64 bytes, room for any time, any 64-bit integer and
    /// any `Double` in its shortest form (24 bytes at most), while a token's numbers are a few digits.
    public static let tokenNumberLength = 64

    /// A token's header: nesting 8, 32 members per object, 128 values (Cognito's carry two members), numbers of
    /// at most 64 bytes.
    public static let header = JSONLimits(maximumDepth: 8, maximumMembersPerObject: 32, maximumValues: 128)

    /// A token's payload: nesting 32, 256 members per object, 4,096 values, numbers of at most 64 bytes.
    public static let token = JSONLimits(maximumDepth: 32, maximumMembersPerObject: 256, maximumValues: 4_096)

    /// A JWKS document or any other document (`cognito-jwt decode`): nesting 64, 1,024 members per object,
    /// 262,144 values, numbers of any length (the document's size bounds them).
    public static let document = JSONLimits(
        maximumDepth: 64, maximumMembersPerObject: 1_024, maximumValues: 262_144, maximumNumberLength: .max)
}
