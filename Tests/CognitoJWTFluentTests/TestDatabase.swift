import CognitoJWTFluent
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix
import SQLKit
import Testing

/// Where a test's user table lives.
enum Backend: String, CustomTestStringConvertible, CaseIterable, Sendable {
    case sqliteMemory = "SQLite in memory"
    case sqliteFile = "SQLite file"
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }
}

/// A fresh, migrated database for one test: an SQLite memory database, an SQLite file in a temporary
/// directory, or a new database on the test PostgreSQL server (dropped by ``shutdown()``).
final class TestDatabase: @unchecked Sendable {
    let databases: Databases
    let backend: Backend
    let statementLog: StatementLog
    private let cleanup: @Sendable () async -> Void

    /// The default database, logging its statements to ``statementLog``.
    var database: any Database {
        databases.database(logger: statementLog.logger, on: databases.eventLoopGroup.any())!
    }

    /// The SQL side of ``database``.
    var sql: any SQLDatabase { database as! any SQLDatabase }

    private init(
        databases: Databases, backend: Backend, statementLog: StatementLog,
        cleanup: @escaping @Sendable () async -> Void
    ) {
        self.databases = databases
        self.backend = backend
        self.statementLog = statementLog
        self.cleanup = cleanup
    }

    /// A migrated database on `backend`; `file` picks the SQLite file (default: a new temporary one).
    static func make(_ backend: Backend, file: String? = nil, migrate: Bool = true) async throws -> TestDatabase {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        var cleanup: @Sendable () async -> Void = {}
        switch backend {
        case .sqliteMemory:
            databases.use(.sqlite(.memory), as: .sqlite)
        case .sqliteFile:
            let path =
                file
                ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("cognito-users-\(UUID().uuidString).sqlite").path
            databases.use(.sqlite(.file(path)), as: .sqlite)
            if file == nil { cleanup = { try? FileManager.default.removeItem(atPath: path) } }
        case .postgres:
            let server = try await PostgresServer.shared()
            let name = "cognito_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresAdmin.run("CREATE DATABASE \(name)", on: server.adminURL)
            databases.use(try .postgres(url: server.url(database: name), maxConnectionsPerEventLoop: 8), as: .psql)
            cleanup = {
                try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server.adminURL)
            }
        }
        let log = StatementLog()
        let test = TestDatabase(databases: databases, backend: backend, statementLog: log, cleanup: cleanup)
        if migrate { try await CognitoUserMigrations.run(on: databases, logger: Logger(label: "test.migrations")) }
        return test
    }

    /// Runs `body` with a migrated database on `backend`, then shuts it down.
    static func with<T>(
        _ backend: Backend, file: String? = nil, _ body: (TestDatabase) async throws -> T
    ) async throws -> T {
        let db = try await make(backend, file: file)
        do {
            let result = try await body(db)
            await db.shutdown()
            return result
        } catch {
            await db.shutdown()
            throw error
        }
    }

    /// Shuts the connections down and removes what ``make(_:file:migrate:)`` created.
    func shutdown() async {
        await databases.shutdownAsync()
        await cleanup()
    }

    /// Rows of `cognito_users`.
    func userCount() async throws -> Int {
        try await CognitoUser.query(on: database).count()
    }
}

/// Runs administrative statements (no bound values: database names made by the tests) on a server.
enum PostgresAdmin {
    static func run(_ statement: String, on url: String) async throws {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try .postgres(url: url), as: .psql)
        do {
            let sql =
                databases.database(logger: Logger(label: "test.admin"), on: databases.eventLoopGroup.any())
                as! any SQLDatabase
            try await sql.raw(SQLQueryString(statement)).run()
        } catch {
            await databases.shutdownAsync()
            throw error
        }
        await databases.shutdownAsync()
    }
}

/// Counts the SQL statements SQLite's driver logs ("Executing query", with the statement as `sql`),
/// independently of the store's own count.
final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    var logger: Logger {
        var logger = Logger(label: "test.sql") { _ in CountingHandler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    var count: Int { lock.withLock { statements.count } }
    var all: [String] { lock.withLock { statements } }

    fileprivate func record(_ sql: String) { lock.withLock { statements.append(sql) } }

    struct CountingHandler: LogHandler {
        let log: StatementLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            if let sql = event.metadata?["sql"] { log.record("\(sql)") }
        }
    }
}
