import ArgumentParser
import CognitoJWTFluent
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix

/// `--database PATH`: where `demo`, `serve` and `migrate` keep users.
struct UserDatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database"),
        help: ArgumentHelp(
            "The SQLite file of the user store (default: $XDG_DATA_HOME/cognito-jwt/users.sqlite, else ~/.local/share/cognito-jwt/users.sqlite). DATABASE_URL=postgres://… uses PostgreSQL instead, with TLS and a verified certificate required for a host that is not localhost, 127.0.0.0/8 or ::1 unless the URL sets sslmode (disable, prefer, allow, require, verify-ca, verify-full).",
            valueName: "PATH"))
    var path: String?
}

/// The user store's database: an SQLite file by default, PostgreSQL when `DATABASE_URL` says so.
struct UserDatabase {
    /// The databases, with the user store's as the default.
    let databases: Databases
    /// What the start-up line says: `SQLite /path/users.sqlite` or `PostgreSQL host:port/name` (no password).
    let description: String

    /// A configuration the user can fix: exit status 2.
    struct ConfigurationError: Error, CustomStringConvertible {
        let description: String
    }

    /// The default SQLite file: `$XDG_DATA_HOME/cognito-jwt/users.sqlite`, else `~/.local/share/…`.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else {
            let home =
                environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? FileManager.default.homeDirectoryForCurrentUser.path
            base = home + "/.local/share"
        }
        return base + "/cognito-jwt/users.sqlite"
    }

    /// Opens the database `options` and the environment choose: `--database PATH` (SQLite) first, then
    /// `DATABASE_URL` (`postgres://` or `postgresql://`), then the default SQLite file.
    static func open(
        _ options: UserDatabaseOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> UserDatabase {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        if options.path == nil, let url = environment["DATABASE_URL"], !url.isEmpty {
            let postgres = try PostgresURL(url)
            databases.use(
                .postgres(
                    configuration: postgres.configuration, maxConnectionsPerEventLoop: 4,
                    connectionPoolTimeout: .seconds(5)),
                as: .psql)
            return UserDatabase(
                databases: databases, description: "PostgreSQL \(postgres.location) (\(postgres.tlsMode.rawValue))")
        }
        let path =
            options.path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? defaultPath(environment: environment)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(description: "cannot create the folder of the user database \(directory.path)")
        }
        databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(5)), as: .sqlite)
        return UserDatabase(databases: databases, description: "SQLite \(path)")
    }

    /// Opens the database and migrates it, for `cognito-jwt <command>`; exits 2 for a configuration error and
    /// 1 when the database cannot be migrated.
    static func openAndMigrate(
        _ options: UserDatabaseOptions, command: String, logger: Logger
    ) async throws -> UserDatabase {
        let users: UserDatabase
        do {
            users = try open(options)
        } catch {
            printToStandardError("cognito-jwt \(command): \(error.description)")
            throw usageExitCode
        }
        logger.info("user store", metadata: ["database": .string(users.description)])
        do {
            try await users.migrate(logger: logger)
        } catch {
            await users.databases.shutdownAsync()
            printToStandardError(
                "cognito-jwt \(command): the user store's migrations failed on \(users.description): \(DatabaseErrorText.describe(error))"
            )
            throw ExitCode(1)
        }
        return users
    }

    /// Applies the user store's pending migrations, logging what it did.
    func migrate(logger: Logger) async throws {
        let applied = try await CognitoUserMigrations.run(on: databases, logger: logger)
        if applied.isEmpty {
            logger.info("user store schema up to date", metadata: ["database": .string(description)])
        } else {
            logger.info(
                "user store migrations applied",
                metadata: [
                    "database": .string(description), "migrations": .string(applied.joined(separator: ", ")),
                ])
        }
    }
}
