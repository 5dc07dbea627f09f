import FluentKit
import Foundation
import SQLKit

extension CognitoUserManager where User == CognitoUser {
    /// One `SELECT … WHERE pool = $1 AND sub = $2`.
    public func get(_ context: CognitoUserContext) async throws -> CognitoUser? {
        context.recordStatements()
        return try await CognitoUser.query(on: context.database)
            .filter(\.$pool == context.attributes.pool)
            .filter(\.$subject == context.attributes.subject)
            .first()
    }

    /// `INSERT … ON CONFLICT (pool, sub) DO NOTHING`, every value a bound parameter, then ``get(_:)``: when
    /// many requests create the same user at once, the unique key keeps one row and all of them read it.
    public func create(_ context: CognitoUserContext) async throws -> CognitoUser {
        guard let sql = context.database as? any SQLDatabase else {
            throw CognitoUserStoreError.unavailable(nil)
        }
        let attributes = context.attributes
        let now = context.now
        context.recordStatements()
        try await sql.insert(into: CognitoUser.schema)
            .columns(
                "id", "pool", "issuer", "sub", "username", "email", "email_verified", "groups",
                "attributes_issued_at", "first_seen", "last_seen"
            )
            .values([
                SQLBind(UUID()), SQLBind(attributes.pool), SQLBind(attributes.issuer), SQLBind(attributes.subject),
                Self.value(attributes.username), Self.value(attributes.email), Self.value(attributes.emailVerified),
                SQLBind(attributes.groups), Self.value(attributes.issuedAt), SQLBind(now), SQLBind(now),
            ])
            .ignoringConflicts(with: ["pool", "sub"])
            .run()
        guard let user = try await get(context) else {
            throw CognitoUserStoreError.unavailable(nil)
        }
        return try await update(user, context)
    }

    /// Writes what a token at least as new as the stored attributes changed (its issuer, username, email,
    /// verification, groups and issue time), and `last_seen` when it is older than
    /// ``CognitoUserContext/lastSeenInterval``; an older token writes `last_seen` at most, never its attributes.
    ///
    /// The attributes are written by one `UPDATE … WHERE id = $1 AND (attributes_issued_at IS NULL OR
    /// attributes_issued_at <= $2)`, so a concurrent newer token's attributes are not overwritten either, and
    /// the row is read back; nothing is written when the row is current.
    public func update(_ user: CognitoUser, _ context: CognitoUserContext) async throws -> CognitoUser {
        let stored = user.attributes
        let token = context.attributes
        var changes: [(column: String, value: any SQLExpression)] = []
        if token.isAtLeastAsNew(as: stored) {
            let wanted = token.applied(to: stored)
            if !CognitoUserAttributes.same(wanted.issuer, stored.issuer) {
                changes.append(("issuer", SQLBind(wanted.issuer)))
            }
            if !CognitoUserAttributes.same(wanted.username, stored.username) {
                changes.append(("username", Self.value(wanted.username)))
            }
            if !CognitoUserAttributes.same(wanted.email, stored.email) {
                changes.append(("email", Self.value(wanted.email)))
            }
            if wanted.emailVerified != stored.emailVerified {
                changes.append(("email_verified", Self.value(wanted.emailVerified)))
            }
            if !wanted.groups.elementsEqual(stored.groups, by: { CognitoUserAttributes.same($0, $1) }) {
                changes.append(("groups", SQLBind(wanted.groups)))
            }
            if wanted.issuedAt != stored.issuedAt {
                changes.append(("attributes_issued_at", Self.value(wanted.issuedAt)))
            }
        }
        guard !changes.isEmpty, let id = user.id else {
            guard context.now.timeIntervalSince(user.lastSeen) >= context.lastSeenInterval,
                context.now > user.lastSeen
            else { return user }
            user.lastSeen = context.now
            context.recordStatements()
            try await user.update(on: context.database)
            return user
        }
        guard let sql = context.database as? any SQLDatabase else {
            throw CognitoUserStoreError.unavailable(nil)
        }
        if context.now > user.lastSeen { changes.append(("last_seen", SQLBind(context.now))) }
        var statement = sql.update(CognitoUser.schema)
        for change in changes { statement = statement.set(SQLIdentifier(change.column), to: change.value) }
        let recorded = SQLIdentifier("attributes_issued_at")
        statement = statement.where(SQLIdentifier("id"), .equal, SQLBind(id)).where(group: { group in
            let unrecorded = group.where(recorded, .is, SQLLiteral.null)
            guard let issuedAt = token.issuedAt else { return unrecorded }
            return unrecorded.orWhere(recorded, .lessThanOrEqual, SQLBind(issuedAt))
        })
        context.recordStatements(2)
        try await statement.run()
        return try await CognitoUser.find(id, on: context.database) ?? user
    }

    /// ``CognitoUser/attributes``.
    public func attributes(of user: CognitoUser) -> CognitoUserAttributes? { user.attributes }

    /// `value` as a bound parameter, or `NULL`.
    private static func value(_ value: (any Encodable & Sendable)?) -> any SQLExpression {
        value.map { SQLBind($0) } ?? SQLLiteral.null
    }
}
