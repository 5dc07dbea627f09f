import CognitoJWT
import CognitoJWTFluent
import FluentKit
import FluentPostgresDriver
import Foundation
import NIOPosix
import Testing

@Suite("The database down: 503 user_store_unavailable, logged, and recovery", .timeLimit(.minutes(3)))
struct DatabaseDownTests {
    @Test("no database to be had (shut down): 503, and a log line without the token")
    func shutDown() async throws {
        let db = try await TestDatabase.make(.sqliteMemory)
        await db.shutdown()
        let log = CapturedLog()
        let store = CognitoUserStore(logger: log.logger)
        let claims = try Claims()
        let error = await #expect(throws: CognitoUserStoreError.self) {
            try await store.caller(for: try await claims.id("ivan"), in: db.databases)
        }
        #expect(error?.kind == .unavailable)
        #expect(error?.httpStatus == 503)
        #expect(
            error?.jsonBody
                == #"{"error":"user_store_unavailable","reason":"the user store is unavailable; try again later"}"#)
        #expect(log.messages.count == 1)
        #expect(log.messages.first?.contains("user store unavailable") == true)
    }

    @Test("PostgreSQL on a closed port: 503 and a log line")
    func closedPort() async throws {
        let port = try await TestPorts.freePort()
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(
            try .postgres(
                url: "postgres://app:secret-password@127.0.0.1:\(port)/app?sslmode=disable",
                connectionPoolTimeout: .seconds(2)), as: .psql)
        let log = CapturedLog()
        let store = CognitoUserStore(logger: log.logger)
        let claims = try Claims()
        let token = claims.issuer.idToken(username: "judy")
        let verified = try await claims.verifier.verify(token)
        let error = await #expect(throws: CognitoUserStoreError.self) {
            try await store.caller(for: verified, in: databases)
        }
        #expect(error?.httpStatus == 503)
        #expect(log.messages.filter { $0.contains("user store unavailable") }.count == 1)
        #expect(log.messages.allSatisfy { !$0.contains(token) && !$0.contains("secret-password") })
        await databases.shutdownAsync()
    }

    @Test("a private PostgreSQL stopped and started again: 503 while down, the same user when back")
    func stopAndStart() async throws {
        let server = try await PostgresServer.startPrivate()
        defer { server.destroy() }  // pg_ctl stop, then the directory
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try .postgres(url: server.adminURL, connectionPoolTimeout: .seconds(3)), as: .psql)
        try await CognitoUserMigrations.run(on: databases, logger: .init(label: "test"))
        let log = CapturedLog()
        let store = CognitoUserStore(configuration: .init(cacheCapacity: 0), logger: log.logger)
        let claims = try Claims()
        let kim = try await claims.id("kim")
        let first = try await store.caller(for: kim, in: databases).user
        try await server.stop()
        let error = await #expect(throws: CognitoUserStoreError.self) {
            try await store.caller(for: kim, in: databases)
        }
        #expect(error?.httpStatus == 503)
        #expect(log.messages.contains { $0.contains("user store unavailable") })
        try await server.start()
        var back: CognitoUser?
        for _ in 0..<50 where back == nil {
            back = try? await store.caller(for: kim, in: databases).user
            if back == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(back?.id == first?.id)
        await databases.shutdownAsync()
    }
}
