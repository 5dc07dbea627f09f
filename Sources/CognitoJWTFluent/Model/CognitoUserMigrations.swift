import FluentKit
import Logging

/// Runs the user store's migrations (``CreateCognitoUsers``) with Fluent's migrator, recording them in
/// Fluent's `_fluent_migrations` table like any other migration of the app.
public enum CognitoUserMigrations {
    /// The migrations, in order; add them to an app's own `Migrations` (`app.migrations.add(...)` in Vapor).
    public static var all: [any Migration] { [CreateCognitoUsers()] }

    /// Prepares the migrations not yet applied to the default database of `databases`.
    ///
    /// - Returns: the names of the migrations it applied (empty when the schema was up to date).
    @discardableResult
    public static func run(on databases: Databases, logger: Logger) async throws -> [String] {
        let migrations = Migrations()
        migrations.add(all)
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: logger,
            on: databases.eventLoopGroup.any(), migrationLogLevel: .debug)
        try await migrator.setupIfNeeded().get()
        let pending = try await migrator.previewPrepareBatch().get().map { $0.0.name }
        if !pending.isEmpty { try await migrator.prepareBatch().get() }
        return pending
    }
}
