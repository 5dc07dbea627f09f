import FluentKit
import Foundation

/// The ready user model: one row of `cognito_users` per Cognito user, keyed by the pool (`issuer`) and the
/// user's `sub`, with the attributes last seen in a token.
///
/// ``CognitoUserTable`` gets, creates and refreshes it; ``CreateCognitoUsers`` is its migration.
public final class CognitoUser: Model, @unchecked Sendable {
    /// `cognito_users`.
    public static let schema = "cognito_users"

    /// The app's own id for the user (a UUID, not the `sub`).
    @ID(key: .id) public var id: UUID?
    /// The pool's issuer URL (`iss`).
    @Field(key: "issuer") public var issuer: String
    /// The user's `sub` in that pool.
    @Field(key: "sub") public var subject: String
    /// The Cognito user name.
    @OptionalField(key: "username") public var username: String?
    /// The email address, from the last ID token.
    @OptionalField(key: "email") public var email: String?
    /// Whether Cognito marked the email verified.
    @OptionalField(key: "email_verified") public var emailVerified: Bool?
    /// `cognito:groups`, from the last token.
    @Field(key: "groups") public var groups: [String]
    /// When the user was first stored.
    @Field(key: "first_seen") public var firstSeen: Date
    /// When a request of the user was last recorded (at most once per ``CognitoUserStoreConfiguration/lastSeenInterval``).
    @Field(key: "last_seen") public var lastSeen: Date

    /// An empty model (Fluent's requirement).
    public init() {}

    /// A user with the given attributes, first and last seen `now`.
    public init(id: UUID? = nil, attributes: CognitoUserAttributes, now: Date) {
        self.id = id
        self.issuer = attributes.issuer
        self.subject = attributes.subject
        self.username = attributes.username
        self.email = attributes.email
        self.emailVerified = attributes.emailVerified
        self.groups = attributes.groups
        self.firstSeen = now
        self.lastSeen = now
    }

    /// The stored attributes.
    public var attributes: CognitoUserAttributes {
        CognitoUserAttributes(
            issuer: issuer, subject: subject, username: username, email: email,
            emailVerified: emailVerified, groups: groups)
    }
}
