import ArgumentParser
import Foundation
import Logging

/// `cognito-jwt migrate`: creates or updates the user store's tables.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the user store's tables (demo and serve also do it at start-up).",
        discussion: """
            The database is --database PATH (SQLite), else DATABASE_URL=postgres://…, else the default SQLite file. \
            A DATABASE_URL whose host is not localhost, 127.0.0.0/8 or ::1 connects only with TLS and a certificate \
            valid for that host, unless it sets sslmode (disable, prefer or allow permit cleartext).
            """)

    @OptionGroup var database: UserDatabaseOptions

    func run() async throws {
        let logger = Logger(label: "cognito-jwt.migrate", factory: { StreamLogHandler.standardError(label: $0) })
        let store: UserDatabase
        do {
            store = try UserDatabase.open(database)
        } catch {
            printToStandardError("cognito-jwt migrate: \(error.description)")
            throw usageExitCode
        }
        do {
            try await store.migrate(logger: logger)
        } catch {
            await store.databases.shutdownAsync()
            printToStandardError(
                "cognito-jwt migrate: the migrations failed on \(store.description): \(DatabaseErrorText.describe(error))"
            )
            throw ExitCode(1)
        }
        await store.databases.shutdownAsync()
        print("cognito-jwt migrate: \(store.description) is up to date")
    }
}
