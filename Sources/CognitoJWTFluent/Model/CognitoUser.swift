import FluentKit
import Foundation

/// The ready user model: one row of `cognito_users` per Cognito user, keyed by the pool (its canonical identity,
/// the user pool id for AWS Cognito) and the user's `sub`, with the attributes of the newest token seen.
///
/// ``CognitoUserTable`` gets, creates and refreshes it; ``CreateCognitoUsers`` and ``KeyCognitoUsersByPool`` are
/// its migrations.
public final class CognitoUser: Model, @unchecked Sendable {
    /// `cognito_users`.
    public static let schema = "cognito_users"

    /// The app's own id for the user (a UUID, not the `sub`).
    @ID(key: .id) public var id: UUID?
    /// The pool's canonical identity (``CognitoUserAttributes/pool``), part of the key.
    @Field(key: "pool") public var pool: String
    /// The issuer (`iss`) the user last came through.
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
    /// When the token the stored attributes come from was issued (``CognitoUserAttributes/issuedAt``): an older
    /// token never overwrites them.
    @OptionalField(key: "attributes_issued_at") public var attributesIssuedAt: Double?
    /// When the user was first stored.
    @Field(key: "first_seen") public var firstSeen: Date
    /// When a request of the user was last recorded (at most once per ``CognitoUserStoreConfiguration/lastSeenInterval``).
    @Field(key: "last_seen") public var lastSeen: Date

    /// An empty model (Fluent's requirement).
    public init() {}

    /// A user with the given attributes, first and last seen `now`.
    public init(id: UUID? = nil, attributes: CognitoUserAttributes, now: Date) {
        self.id = id
        self.pool = attributes.pool
        self.issuer = attributes.issuer
        self.subject = attributes.subject
        self.username = attributes.username
        self.email = attributes.email
        self.emailVerified = attributes.emailVerified
        self.groups = attributes.groups
        self.attributesIssuedAt = attributes.issuedAt
        self.firstSeen = now
        self.lastSeen = now
    }

    /// The stored attributes.
    public var attributes: CognitoUserAttributes {
        CognitoUserAttributes(
            issuer: issuer, subject: subject, username: username, email: email,
            emailVerified: emailVerified, groups: groups, pool: pool, issuedAt: attributesIssuedAt)
    }
}
