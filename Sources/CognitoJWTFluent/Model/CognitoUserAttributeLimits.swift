/// What ``CognitoUserAttributes`` accepts from a token before anything reaches the database.
public struct CognitoUserAttributeLimits: Sendable, Equatable {
    /// The longest `iss`, `sub`, username, email or group name, in UTF-8 bytes (default 1,024).
    public var maximumTextBytes: Int
    /// The most groups in `cognito:groups` (default 256).
    public var maximumGroups: Int

    /// Limits with the given values.
    public init(maximumTextBytes: Int = 1_024, maximumGroups: Int = 256) {
        self.maximumTextBytes = maximumTextBytes
        self.maximumGroups = maximumGroups
    }
}
