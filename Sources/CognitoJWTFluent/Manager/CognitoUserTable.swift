/// The ready ``CognitoUserManager``: ``CognitoUser`` rows in `cognito_users`, with every step as provided.
public struct CognitoUserTable: CognitoUserManager {
    /// ``CognitoUser``.
    public typealias User = CognitoUser

    /// The manager.
    public init() {}
}
