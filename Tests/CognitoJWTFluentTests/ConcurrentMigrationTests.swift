import CognitoJWTFluent
import FluentKit
import FluentPostgresDriver
import Foundation
import Logging
import NIOPosix
import SQLKit
import Testing

@Suite("Migrations started together on a fresh PostgreSQL database", .timeLimit(.minutes(3)))
struct ConcurrentMigrationTests {
    /// A new, empty database on the test server, dropped after `body`.
    static func withFreshDatabase(_ body: (_ url: String) async throws -> Void) async throws {
        let server = try await PostgresServer.shared()
        let name = "migrate_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresAdmin.run("CREATE DATABASE \(name)", on: server.adminURL)
        do {
            try await body(server.url(database: name))
        } catch {
            try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server.adminURL)
            throw error
        }
        try await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server.adminURL)
    }

    /// The migrations recorded in `url`'s database, and whether `cognito_users` has its `pool` column.
    static func schema(at url: String) async throws -> (migrations: [String], hasPool: Bool) {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try .postgres(url: url), as: .psql)
        do {
            let sql =
                databases.database(logger: Logger(label: "test"), on: databases.eventLoopGroup.any())
                as! any SQLDatabase
            let migrations = try await sql.select().column("name").from("_fluent_migrations").orderBy("name").all()
                .map { try $0.decode(column: "name", as: String.self) }
            let pool = try await sql.raw(
                "SELECT column_name FROM information_schema.columns WHERE table_name = \(bind: "cognito_users") AND column_name = \(bind: "pool")"
            ).all()
            await databases.shutdownAsync()
            return (migrations, pool.count == 1)
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }

    @Test("eight migrators on separate connections at once: all succeed, one applies, the schema exists once")
    func inProcess() async throws {
        try await Self.withFreshDatabase { url in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let databases = Databases(
                            threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
                        databases.use(try .postgres(url: url), as: .psql)
                        do {
                            let names = try await CognitoUserMigrations.run(
                                on: databases, logger: Logger(label: "test.migrations"))
                            await databases.shutdownAsync()
                            return names
                        } catch {
                            await databases.shutdownAsync()
                            throw error
                        }
                    }
                }
                var applied: [[String]] = []
                for try await names in group { applied.append(names) }
                return applied
            }
            #expect(applied.filter { !$0.isEmpty } == [CognitoUserMigrations.all.map(\.name)])
            #expect(applied.filter(\.isEmpty).count == 7)
            let schema = try await Self.schema(at: url)
            #expect(schema.migrations == CognitoUserMigrations.all.map(\.name).sorted())
            #expect(schema.hasPool)
        }
    }

    @Test("four `cognito-jwt migrate` processes started together: all exit 0, one applies the migrations")
    func processes() async throws {
        try await Self.withFreshDatabase { url in
            let processes = try (0..<4).map { _ in
                try ServeProcess(arguments: ["migrate"], environment: ["DATABASE_URL": url])
            }
            for migrate in processes { try migrate.process.run() }
            for migrate in processes {
                let status = try await migrate.exitStatus()
                #expect(status == 0, "stderr:\n\(migrate.standardError)")
                #expect(migrate.standardOutput.contains("is up to date"))
            }
            let applying = processes.filter { $0.standardError.contains("user store migrations applied") }
            let current = processes.filter { $0.standardError.contains("user store schema up to date") }
            #expect(applying.count == 1 && current.count == 3)
            let schema = try await Self.schema(at: url)
            #expect(schema.migrations == CognitoUserMigrations.all.map(\.name).sorted())
            #expect(schema.hasPool)
        }
    }
}
