import FluentKit
import Logging
import SQLKit

/// Runs the user store's migrations (``CreateCognitoUsers``, then ``KeyCognitoUsersByPool``) with Fluent's
/// migrator, recording them in Fluent's `_fluent_migrations` table like any other migration of the app.
public enum CognitoUserMigrations {
    /// The migrations, in order; add them to an app's own `Migrations` (`app.migrations.add(...)` in Vapor).
    public static var all: [any Migration] { [CreateCognitoUsers(), KeyCognitoUsersByPool()] }

    /// The key of the PostgreSQL advisory lock ``run(on:logger:)`` holds while it migrates.
    static let advisoryLockKey: Int64 = 0x636F_676E_6A77_7475

    /// Prepares the migrations not yet applied to the default database of `databases`, on one connection.
    ///
    /// On PostgreSQL it holds a session advisory lock (`pg_advisory_lock`) meanwhile, so any number of instances
    /// may start together against one database: one applies the migrations, the others wait and find the schema
    /// up to date.
    ///
    /// - Returns: the names of the migrations it applied (empty when the schema was up to date).
    @discardableResult
    public static func run(on databases: Databases, logger: Logger) async throws -> [String] {
        guard let database = databases.database(logger: logger, on: databases.eventLoopGroup.any()) else {
            throw CognitoUserMigrationError(description: "no default database is configured")
        }
        return try await database.withConnection { connection in
            try await exclusively(on: connection) {
                let migrations = Migrations()
                migrations.add(all)
                let migrator = Migrator(
                    databaseFactory: { _ in connection }, migrations: migrations, on: connection.eventLoop,
                    migrationLogLevel: .debug)
                try await migrator.setupIfNeeded().get()
                let pending = try await migrator.previewPrepareBatch().get().map { $0.0.name }
                if !pending.isEmpty { try await migrator.prepareBatch().get() }
                return pending
            }
        }
    }

    /// `body`, with PostgreSQL's advisory lock ``advisoryLockKey`` held by `connection`'s session; other databases
    /// run it as is.
    static func exclusively<Result>(
        on connection: any Database, _ body: () async throws -> Result
    ) async throws -> Result {
        guard let sql = connection as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            return try await body()
        }
        try await sql.raw("SELECT pg_advisory_lock(\(bind: advisoryLockKey))").run()
        let result: Result
        do {
            result = try await body()
        } catch {
            try? await sql.raw("ROLLBACK").run()
            try? await sql.raw("SELECT pg_advisory_unlock(\(bind: advisoryLockKey))").run()
            throw error
        }
        try await sql.raw("SELECT pg_advisory_unlock(\(bind: advisoryLockKey))").run()
        return result
    }
}
