import CognitoJWT
import FluentKit
import Foundation

/// What a ``CognitoUserManager`` step gets: the verified claims (and their checked attributes), the database,
/// the request, and the time and settings of this lookup.
public struct CognitoUserContext: Sendable {
    /// The verified claims.
    public let claims: CognitoClaims
    /// The claims' checked attributes.
    public let attributes: CognitoUserAttributes
    /// The database; `database.transaction { … }` runs several statements as one.
    public let database: any Database
    /// The framework's request (a Vapor `Request`, a Hummingbird `Request`, …), if the adapter passed it.
    public let request: (any Sendable)?
    /// The time of the lookup.
    public let now: Date
    /// How long a stored `last_seen` may lag behind ``now`` before a step writes it.
    public let lastSeenInterval: TimeInterval
    let statements: StatementCounter

    init(
        claims: CognitoClaims, attributes: CognitoUserAttributes, database: any Database, request: (any Sendable)?,
        now: Date, lastSeenInterval: TimeInterval, statements: StatementCounter
    ) {
        self.claims = claims
        self.attributes = attributes
        self.database = database
        self.request = request
        self.now = now
        self.lastSeenInterval = lastSeenInterval
        self.statements = statements
    }

    /// The request as `type` (e.g. `Vapor.Request.self`), `nil` when it is not one.
    public func request<Request>(as type: Request.Type) -> Request? { request as? Request }

    /// This context with another database, e.g. the one a transaction's closure receives.
    public func with(database: any Database) -> CognitoUserContext {
        CognitoUserContext(
            claims: claims, attributes: attributes, database: database, request: request, now: now,
            lastSeenInterval: lastSeenInterval, statements: statements)
    }

    /// Adds `count` to the store's ``CognitoUserStoreStatistics/databaseStatements``; the ready steps record
    /// theirs, a custom step may record its own.
    public func recordStatements(_ count: Int = 1) { statements.add(count) }
}
