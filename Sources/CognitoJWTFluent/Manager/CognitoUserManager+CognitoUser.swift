import FluentKit
import Foundation
import SQLKit

extension CognitoUserManager where User == CognitoUser {
    /// One `SELECT … WHERE issuer = $1 AND sub = $2`.
    public func get(_ context: CognitoUserContext) async throws -> CognitoUser? {
        context.recordStatements()
        return try await CognitoUser.query(on: context.database)
            .filter(\.$issuer == context.attributes.issuer)
            .filter(\.$subject == context.attributes.subject)
            .first()
    }

    /// `INSERT … ON CONFLICT (issuer, sub) DO NOTHING`, every value a bound parameter, then ``get(_:)``: when
    /// many requests create the same user at once, the unique key keeps one row and all of them read it.
    public func create(_ context: CognitoUserContext) async throws -> CognitoUser {
        guard let sql = context.database as? any SQLDatabase else {
            throw CognitoUserStoreError.unavailable(nil)
        }
        let attributes = context.attributes
        let now = context.now
        let optional: (String?) -> any SQLExpression = { $0.map { SQLBind($0) } ?? SQLLiteral.null }
        context.recordStatements()
        try await sql.insert(into: CognitoUser.schema)
            .columns("id", "issuer", "sub", "username", "email", "email_verified", "groups", "first_seen", "last_seen")
            .values([
                SQLBind(UUID()), SQLBind(attributes.issuer), SQLBind(attributes.subject),
                optional(attributes.username), optional(attributes.email),
                attributes.emailVerified.map { SQLBind($0) } ?? SQLLiteral.null,
                SQLBind(attributes.groups), SQLBind(now), SQLBind(now),
            ])
            .ignoringConflicts(with: ["issuer", "sub"])
            .run()
        guard let user = try await get(context) else {
            throw CognitoUserStoreError.unavailable(nil)
        }
        return try await update(user, context)
    }

    /// Writes the attributes that changed, and `last_seen` when it is older than
    /// ``CognitoUserContext/lastSeenInterval``; one `UPDATE`, or nothing when the row is current.
    public func update(_ user: CognitoUser, _ context: CognitoUserContext) async throws -> CognitoUser {
        let stored = user.attributes
        let wanted = context.attributes.applied(to: stored)
        let changed = !context.attributes.agrees(with: stored)
        guard changed || context.now.timeIntervalSince(user.lastSeen) >= context.lastSeenInterval else { return user }
        if changed {
            if !CognitoUserAttributes.same(wanted.username, stored.username) { user.username = wanted.username }
            if !CognitoUserAttributes.same(wanted.email, stored.email) { user.email = wanted.email }
            if wanted.emailVerified != stored.emailVerified { user.emailVerified = wanted.emailVerified }
            if !wanted.groups.elementsEqual(stored.groups, by: { CognitoUserAttributes.same($0, $1) }) {
                user.groups = wanted.groups
            }
        }
        if context.now > user.lastSeen { user.lastSeen = context.now }
        guard user.hasChanges else { return user }
        context.recordStatements()
        try await user.update(on: context.database)
        return user
    }

    /// ``CognitoUser/attributes``.
    public func attributes(of user: CognitoUser) -> CognitoUserAttributes? { user.attributes }
}
