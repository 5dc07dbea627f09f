import CognitoJWT

/// Who called, once the token became the app's user: a stored user, or an app client (a machine-to-machine
/// token, which has no user and no row).
public enum CognitoCaller<User: Sendable>: Sendable {
    /// A user's token: the stored user.
    case user(User)
    /// A client-credentials token: the app client's identity.
    case client(CognitoIdentity)

    /// The stored user; `nil` for a client.
    public var user: User? {
        if case .user(let user) = self { return user }
        return nil
    }

    /// The client's identity; `nil` for a user.
    public var client: CognitoIdentity? {
        if case .client(let identity) = self { return identity }
        return nil
    }

    /// Whether the caller is an app client.
    public var isClient: Bool { client != nil }
}
