import CognitoJWT
import FluentKit
import Foundation
import Logging
import SQLKit

/// Keys `cognito_users` by the pool and `sub` instead of the token's issuer and `sub`, so that one Cognito user is
/// one row whichever issuer form or replica region their tokens come through, and adds the issue time of the
/// stored attributes.
///
/// In one transaction it adds the columns `pool` and `attributes_issued_at`, fills `pool` from each row's
/// `issuer` (the pool id of an AWS Cognito issuer URL, else the issuer itself, as
/// ``CognitoJWT/CognitoPool/identity(ofIssuer:)``), merges the rows that now share a pool and `sub`, and replaces
/// the unique key `(issuer, sub)` by `(pool, sub)`.
///
/// Merging keeps the oldest row (the earliest `first_seen`, ties broken by the smaller id) with its id and the
/// latest `last_seen` of the merged rows, and **deletes the others**. Rows of the app that reference a deleted
/// id must be re-pointed to the kept one by the app: each merge is logged (warning) with the kept and the
/// deleted ids. A foreign key from an app table to a deleted row stops the migration, with nothing changed, on
/// SQLite and on PostgreSQL, unless the foreign key cascades: then PostgreSQL deletes the referencing rows, so
/// re-point them before migrating. On SQLite the table is rebuilt, keeping its columns, indexes and triggers.
public struct KeyCognitoUsersByPool: AsyncMigration {
    /// `CognitoJWTFluent.KeyCognitoUsersByPool`, as recorded in Fluent's migration table.
    public var name: String { "CognitoJWTFluent.KeyCognitoUsersByPool" }

    /// The migration.
    public init() {}

    static let table = CognitoUser.schema
    static let issuerKey = "cognito_users_issuer_sub"
    static let poolKey = "cognito_users_pool_sub"

    /// Adds and fills the columns, merges the duplicate users and replaces the unique key.
    public func prepare(on database: any Database) async throws {
        try await Self.inTransaction(on: database) { connection, sql in
            try await connection.schema(Self.table).field("pool", .string).update()
            try await connection.schema(Self.table).field("attributes_issued_at", .double).update()
            try await Self.fillPools(sql)
            try await Self.mergeDuplicates(sql, logger: connection.logger)
            if sql.dialect.name == "sqlite" {
                try await SQLiteTableRebuild.rebuild(
                    Self.table, on: sql, dropping: [], requiring: ["pool"],
                    unique: (Self.poolKey, ["pool", "sub"]))
            } else {
                try await connection.schema(Self.table)
                    .deleteConstraint(name: Self.issuerKey)
                    .unique(on: "pool", "sub", name: Self.poolKey)
                    .update()
                if sql.dialect.name == "postgresql" {
                    try await sql.raw("ALTER TABLE \(ident: Self.table) ALTER COLUMN \(ident: "pool") SET NOT NULL")
                        .run()
                }
            }
        }
    }

    /// Drops the columns and restores the unique key `(issuer, sub)`; merged users stay merged.
    public func revert(on database: any Database) async throws {
        try await Self.inTransaction(on: database) { connection, sql in
            if sql.dialect.name == "sqlite" {
                try await SQLiteTableRebuild.rebuild(
                    Self.table, on: sql, dropping: ["pool", "attributes_issued_at"], requiring: [],
                    unique: (Self.issuerKey, ["issuer", "sub"]))
            } else {
                try await connection.schema(Self.table)
                    .deleteConstraint(name: Self.poolKey)
                    .unique(on: "issuer", "sub", name: Self.issuerKey)
                    .deleteField("pool")
                    .deleteField("attributes_issued_at")
                    .update()
            }
        }
    }

    /// Runs `body` in a transaction on one connection. On SQLite, foreign keys are not enforced meanwhile (the
    /// table is rebuilt) and are checked before the commit instead.
    static func inTransaction(
        on database: any Database,
        _ body: @escaping @Sendable (any Database, any SQLDatabase) async throws -> Void
    ) async throws {
        try await database.withConnection { connection in
            guard let sql = connection as? any SQLDatabase else {
                throw CognitoUserMigrationError(description: "the user store's migrations need an SQL database")
            }
            let sqlite = sql.dialect.name == "sqlite"
            var restore: [SQLQueryString] = []
            if sqlite {
                let foreignKeys = try await sql.raw("PRAGMA foreign_keys").first()?
                    .decode(column: "foreign_keys", as: Int.self)
                let legacy = try await sql.raw("PRAGMA legacy_alter_table").first()?
                    .decode(column: "legacy_alter_table", as: Int.self)
                restore = [
                    "PRAGMA foreign_keys = \(literal: foreignKeys ?? 0)",
                    "PRAGMA legacy_alter_table = \(literal: legacy ?? 0)",
                ]
                try await sql.raw("PRAGMA foreign_keys = OFF").run()
                try await sql.raw("PRAGMA legacy_alter_table = ON").run()
            }
            do {
                try await sql.raw("BEGIN").run()
                do {
                    try await body(connection, sql)
                    if sqlite { try await SQLiteTableRebuild.checkReferences(to: Self.table, on: sql) }
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            } catch {
                for statement in restore { try? await sql.raw(statement).run() }
                throw error
            }
            for statement in restore { try await sql.raw(statement).run() }
        }
    }

    /// Sets `pool` of every row from its `issuer`, one `UPDATE` per distinct issuer.
    static func fillPools(_ sql: any SQLDatabase) async throws {
        let issuers = try await sql.select().distinct().column("issuer").from(table).all()
            .map { try $0.decode(column: "issuer", as: String.self) }
        for issuer in issuers {
            try await sql.update(table)
                .set("pool", to: CognitoPool.identity(ofIssuer: issuer))
                .where("issuer", .equal, issuer)
                .run()
        }
    }

    /// One row of a group of duplicates.
    private struct Duplicate {
        let id: UUID
        let pool: String
        let subject: String
        let lastSeen: Date
    }

    /// Keeps the oldest row of each pool and `sub` (with the latest `last_seen`) and deletes the others.
    static func mergeDuplicates(_ sql: any SQLDatabase, logger: Logger) async throws {
        func column(_ name: String, _ alias: String) -> SQLColumn { SQLColumn(name, table: alias) }
        let rows = try await sql.raw(
            """
            SELECT \(column("id", "u")), \(column("pool", "u")), \(column("sub", "u")), \(column("last_seen", "u")) \
            FROM \(ident: table) AS \(ident: "u") WHERE EXISTS (SELECT 1 FROM \(ident: table) AS \(ident: "o") \
            WHERE \(column("pool", "o")) = \(column("pool", "u")) AND \(column("sub", "o")) = \(column("sub", "u")) \
            AND \(column("id", "o")) <> \(column("id", "u"))) \
            ORDER BY \(column("pool", "u")), \(column("sub", "u")), \(column("first_seen", "u")), \(column("id", "u"))
            """
        ).all().map { row in
            Duplicate(
                id: try row.decode(column: "id", as: UUID.self), pool: try row.decode(column: "pool", as: String.self),
                subject: try row.decode(column: "sub", as: String.self),
                lastSeen: try row.decode(column: "last_seen", as: Date.self))
        }
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count && CognitoUserAttributes.same(rows[end].pool, rows[start].pool)
                && CognitoUserAttributes.same(rows[end].subject, rows[start].subject)
            {
                end += 1
            }
            let kept = rows[start]
            let merged = rows[(start + 1)..<end]
            if let latest = merged.map(\.lastSeen).max(), latest > kept.lastSeen {
                try await sql.update(table).set("last_seen", to: latest).where("id", .equal, kept.id).run()
            }
            try await sql.delete(from: table).where("id", .in, merged.map(\.id)).run()
            logger.warning(
                "cognito_users: merged the users of one pool and sub into the oldest; re-point app rows that reference the deleted ids",
                metadata: [
                    "kept": .string(kept.id.uuidString.lowercased()),
                    "deleted": .array(merged.map { .string($0.id.uuidString.lowercased()) }),
                ])
            start = end
        }
    }
}

/// Why the user store's migrations cannot run, in words.
struct CognitoUserMigrationError: Error, CustomStringConvertible {
    let description: String
}

/// Rebuilds an SQLite table to change what `ALTER TABLE` cannot (a table constraint, a column's `NOT NULL`):
/// a new table with the old one's columns, types, defaults and primary key, the rows copied, the old table
/// dropped, the new one renamed, and the old table's indexes and triggers created again.
enum SQLiteTableRebuild {
    /// A column, as `PRAGMA table_info` describes it.
    struct Column {
        let name: String
        let type: String
        let notNull: Bool
        let defaultValue: String?
        let primaryKey: Int
    }

    /// Rebuilds `table` without the columns `dropping`, with `NOT NULL` on `requiring`, and with the unique key
    /// `unique` as its only table constraint besides a composite primary key. Run it in a transaction with
    /// foreign keys off.
    static func rebuild(
        _ table: String, on sql: any SQLDatabase, dropping: Set<String>, requiring: Set<String>,
        unique: (name: String, columns: [String])
    ) async throws {
        let columns = try await sql.raw("PRAGMA table_info(\(ident: table))").all().map { row in
            Column(
                name: try row.decode(column: "name", as: String.self),
                type: try row.decode(column: "type", as: String.self),
                notNull: try row.decode(column: "notnull", as: Int.self) != 0,
                defaultValue: try row.decode(column: "dflt_value", as: String?.self),
                primaryKey: try row.decode(column: "pk", as: Int.self))
        }.filter { !dropping.contains($0.name) }
        let saved = try await sql.select().column("sql").from("sqlite_master")
            .where("tbl_name", .equal, table).where("type", .in, ["index", "trigger"])
            .where(SQLIdentifier("sql"), .isNot, SQLLiteral.null)
            .all().map { try $0.decode(column: "sql", as: String.self) }
        let keys = columns.filter { $0.primaryKey > 0 }.sorted { $0.primaryKey < $1.primaryKey }
        var definitions: [any SQLExpression] = columns.map { column in
            var parts: [any SQLExpression] = [SQLIdentifier(column.name)]
            if !column.type.isEmpty { parts.append(SQLRaw(column.type)) }
            if keys.count == 1 && column.primaryKey == 1 { parts.append(SQLRaw("PRIMARY KEY")) }
            if column.notNull || requiring.contains(column.name) { parts.append(SQLRaw("NOT NULL")) }
            if let value = column.defaultValue { parts.append(SQLRaw("DEFAULT (\(value))")) }
            return SQLList(parts, separator: SQLRaw(" "))
        }
        if keys.count > 1 {
            definitions.append(
                SQLConstraint(
                    algorithm: SQLTableConstraintAlgorithm.primaryKey(columns: keys.map { SQLIdentifier($0.name) })))
        }
        definitions.append(
            SQLConstraint(
                algorithm: SQLTableConstraintAlgorithm.unique(columns: unique.columns.map { SQLIdentifier($0) }),
                name: SQLIdentifier(unique.name)))
        let rebuilt = table + "_rebuilt"
        let names = SQLList(columns.map { SQLIdentifier($0.name) })
        try await sql.raw("CREATE TABLE \(ident: rebuilt) (\(SQLList(definitions)))").run()
        try await sql.raw("INSERT INTO \(ident: rebuilt) (\(names)) SELECT \(names) FROM \(ident: table)").run()
        try await sql.raw("DROP TABLE \(ident: table)").run()
        try await sql.raw("ALTER TABLE \(ident: rebuilt) RENAME TO \(ident: table)").run()
        for statement in saved { try await sql.raw("\(unsafeRaw: statement)").run() }
    }

    /// Throws when a row of another table references a row of `table` that is gone.
    static func checkReferences(to table: String, on sql: any SQLDatabase) async throws {
        let dangling = try await sql.raw("PRAGMA foreign_key_check").all().filter { row in
            (try? row.decode(column: "parent", as: String.self)) == table
        }
        guard dangling.isEmpty else {
            let tables = Set(dangling.compactMap { try? $0.decode(column: "table", as: String.self) }).sorted()
            throw CognitoUserMigrationError(
                description:
                    "\(dangling.count) rows of \(tables.joined(separator: ", ")) reference users that merging would delete; re-point them to the kept users (logged) and migrate again"
            )
        }
    }
}
