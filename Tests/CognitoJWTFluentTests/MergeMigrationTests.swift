import CognitoJWT
import CognitoJWTFluent
import FluentKit
import Foundation
import Logging
import SQLKit
import Testing

@Suite("KeyCognitoUsersByPool: rows stored per issuer become one user per pool and sub", .timeLimit(.minutes(3)))
struct MergeMigrationTests {
    static let pool = "eu-central-1_xYzaq"
    static let original = "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq"
    static let updated = "https://issuer-cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq"
    static let replica = "https://cognito-idp.eu-west-1.amazonaws.com/eu-central-1_xYzaq"
    static let otherPool = "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"
    static let emulator = "http://127.0.0.1:9229/local_pool"
    static let sub = "11111111-2222-3333-4444-555555555555"
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    static func id(_ last: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", last))! }

    /// A database with only ``CreateCognitoUsers`` applied, as an older version left it.
    static func oldSchema(_ backend: Backend) async throws -> TestDatabase {
        let db = try await TestDatabase.make(backend, migrate: false)
        let migrations = Migrations()
        migrations.add(CreateCognitoUsers())
        let migrator = Migrator(
            databases: db.databases, migrations: migrations, logger: Logger(label: "test.migrations"),
            on: db.databases.eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        return db
    }

    /// Inserts a row as the older version did: keyed by issuer and `sub`.
    static func insert(
        _ db: TestDatabase, id: UUID, issuer: String, sub: String = sub, groups: [String], firstSeen: Double,
        lastSeen: Double
    ) async throws {
        try await db.sql.insert(into: "cognito_users")
            .columns("id", "issuer", "sub", "username", "email", "email_verified", "groups", "first_seen", "last_seen")
            .values([
                SQLBind(id), SQLBind(issuer), SQLBind(sub), SQLBind("alice"), SQLBind("alice@example.com"),
                SQLBind(true), SQLBind(groups), SQLBind(start.addingTimeInterval(firstSeen)),
                SQLBind(start.addingTimeInterval(lastSeen)),
            ])
            .run()
    }

    /// Inserts a row keyed by pool and `sub`.
    static func insertKeyed(
        _ db: TestDatabase, id: UUID, pool: String, issuer: String, sub: String = sub
    ) async throws {
        try await db.sql.insert(into: "cognito_users")
            .columns("id", "pool", "issuer", "sub", "groups", "first_seen", "last_seen")
            .values([
                SQLBind(id), SQLBind(pool), SQLBind(issuer), SQLBind(sub), SQLBind([String]()), SQLBind(start),
                SQLBind(start),
            ])
            .run()
    }

    /// Three rows of one user of one pool (one per issuer form and replica region), the same `sub` in another
    /// pool, and a user of an emulator pool.
    static func seed(_ db: TestDatabase) async throws {
        try await insert(db, id: id(9), issuer: original, groups: ["original"], firstSeen: 100, lastSeen: 150)
        try await insert(db, id: id(7), issuer: updated, groups: ["updated"], firstSeen: 50, lastSeen: 900)
        try await insert(db, id: id(3), issuer: replica, groups: ["replica"], firstSeen: 50, lastSeen: 60)
        try await insert(db, id: id(5), issuer: otherPool, groups: ["other"], firstSeen: 10, lastSeen: 20)
        try await insert(db, id: id(8), issuer: emulator, sub: "local-user", groups: [], firstSeen: 0, lastSeen: 0)
    }

    @Test(
        "the oldest row wins with its id and the latest last_seen; the others are deleted", arguments: Backend.allCases)
    func merges(backend: Backend) async throws {
        let db = try await Self.oldSchema(backend)
        do {
            try await Self.seed(db)
            let applied = try await CognitoUserMigrations.run(on: db.databases, logger: Logger(label: "test"))
            #expect(applied == ["CognitoJWTFluent.KeyCognitoUsersByPool"])

            let rows = try await CognitoUser.query(on: db.database).sort(\.$id).all()
            #expect(rows.map(\.id) == [Self.id(3), Self.id(5), Self.id(8)])
            let kept = try #require(rows.first)
            #expect(kept.pool == Self.pool)
            #expect(kept.issuer == Self.replica)
            #expect(kept.groups == ["replica"])
            #expect(kept.attributesIssuedAt == nil)
            #expect(abs(kept.firstSeen.timeIntervalSince(Self.start) - 50) < 0.001)
            #expect(abs(kept.lastSeen.timeIntervalSince(Self.start) - 900) < 0.001)
            #expect(rows[1].pool == "eu-central-1_Other")
            #expect(rows[2].pool == Self.emulator)

            // (pool, sub) is the unique key now, and (issuer, sub) no longer is.
            await #expect(throws: (any Error).self) {
                try await Self.insertKeyed(db, id: Self.id(20), pool: Self.pool, issuer: "https://elsewhere.example")
            }
            try await db.sql.update("cognito_users").set("pool", to: "another-pool").where("id", .equal, Self.id(8))
                .run()
            try await Self.insertKeyed(
                db, id: Self.id(21), pool: Self.emulator, issuer: Self.emulator, sub: "local-user")
            #expect(try await db.userCount() == 4)
            #expect(try await CognitoUserMigrations.run(on: db.databases, logger: Logger(label: "test")).isEmpty)
        } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
    }

    @Test(
        "an app row that references a row merging would delete stops the migration, which changes nothing; re-pointed, it runs",
        arguments: [Backend.sqliteFile, .postgres])
    func referencedDuplicate(backend: Backend) async throws {
        let db = try await Self.oldSchema(backend)
        do {
            try await Self.seed(db)
            try await db.sql.raw(
                """
                CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id UUID NOT NULL REFERENCES cognito_users (id))
                """
            ).run()
            try await db.sql.insert(into: "orders").columns("id", "user_id").values([SQLBind(1), SQLBind(Self.id(9))])
                .run()
            await #expect(throws: (any Error).self) {
                try await CognitoUserMigrations.run(on: db.databases, logger: Logger(label: "test"))
            }
            let count = try await db.sql.raw("SELECT COUNT(*) AS n FROM cognito_users").first()?
                .decode(column: "n", as: Int.self)
            #expect(count == 5)
            let columns = try await db.sql.raw("SELECT * FROM cognito_users").first()?.allColumns ?? []
            #expect(columns.contains("issuer") && !columns.contains("pool"))

            try await db.sql.update("orders").set("user_id", to: Self.id(3)).where("id", .equal, 1).run()
            let applied = try await CognitoUserMigrations.run(on: db.databases, logger: Logger(label: "test"))
            #expect(applied == ["CognitoJWTFluent.KeyCognitoUsersByPool"])
            #expect(try await db.userCount() == 3)
            let order = try #require(try await db.sql.select().column("user_id").from("orders").first())
            #expect(try order.decode(column: "user_id", as: UUID.self) == Self.id(3))
        } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
    }
}
