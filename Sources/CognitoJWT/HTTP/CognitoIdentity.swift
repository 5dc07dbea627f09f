/// Who called: the identity a verified token stands for, when the app maps no user of its own.
///
/// For a user's token, ``id`` is the `sub` and ``username`` the Cognito user name; for a machine-to-machine
/// (client-credentials) token there is no user: ``isClient`` is true and ``id`` is the app client id.
public struct CognitoIdentity: Sendable {
    /// The verified claims.
    public let claims: CognitoClaims

    /// Wraps verified claims.
    public init(claims: CognitoClaims) { self.claims = claims }

    /// `sub`.
    public var id: String { claims.subject ?? claims.clientID ?? "" }
    /// The user name; `nil` for a client.
    public var username: String? { claims.username }
    /// Whether the caller is an app client (client-credentials token), not a user.
    public var isClient: Bool { claims.isClientCredentials }
    /// `cognito:groups`.
    public var groups: [String] { claims.groups }
    /// The access token's scopes.
    public var scopes: [String] { claims.scopes }
}
