import FluentKit

/// Creates `cognito_users` as it was first shipped, with the unique key `(issuer, sub)`; ``KeyCognitoUsersByPool``,
/// which runs after it, keys it by `(pool, sub)`, the unique key that makes get-or-create race-safe.
public struct CreateCognitoUsers: AsyncMigration {
    /// `CognitoJWTFluent.CreateCognitoUsers`, as recorded in Fluent's migration table.
    public var name: String { "CognitoJWTFluent.CreateCognitoUsers" }

    /// The migration.
    public init() {}

    /// Creates the table.
    public func prepare(on database: any Database) async throws {
        try await database.schema(CognitoUser.schema)
            .id()
            .field("issuer", .string, .required)
            .field("sub", .string, .required)
            .field("username", .string)
            .field("email", .string)
            .field("email_verified", .bool)
            .field("groups", .array(of: .string), .required)
            .field("first_seen", .datetime, .required)
            .field("last_seen", .datetime, .required)
            .unique(on: "issuer", "sub", name: "cognito_users_issuer_sub")
            .create()
    }

    /// Drops the table.
    public func revert(on database: any Database) async throws {
        try await database.schema(CognitoUser.schema).delete()
    }
}
