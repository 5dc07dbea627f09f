import AsyncHTTPClient
import CognitoJWT
import CognitoJWTFluent
import CognitoJWTTesting
import FluentKit
import FluentPostgresDriver
import Foundation
import NIOPosix
import Testing

@Suite("cognito-jwt serve with DATABASE_URL=postgres://…", .timeLimit(.minutes(3)))
struct ServeWithPostgresTests {
    /// The environment of `serve` for `issuer`'s pool, its JWKS from `jwks`.
    static func environment(
        _ issuer: LocalCognitoIssuer, jwks: LocalHTTPServer, databaseURL: String
    ) -> [String: String] {
        [
            "COGNITO_AWS_REGION": issuer.region, "COGNITO_USER_POOL": issuer.userPoolID,
            "COGNITO_AUDIENCE": issuer.clientID, "COGNITO_JWKS_URL": jwks.baseURL + issuer.jwksPath,
            "DATABASE_URL": databaseURL,
        ]
    }

    @Test(
        "two serve processes sharing one PostgreSQL: 200 simultaneous first requests of one new user, all 200, one row")
    func twoInstances() async throws {
        let server = try await PostgresServer.shared()
        let name = "serve_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresAdmin.run("CREATE DATABASE \(name)", on: server.adminURL)
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_Shared")
        let jwks = try await issuer.startJWKSServer()
        let client = HTTPClient(
            eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
            configuration: .init(
                connectionPool: .init(
                    idleTimeout: .seconds(30),
                    concurrentHTTP1ConnectionsPerHostSoftLimit: 200)))
        do {
            let environment = Self.environment(issuer, jwks: jwks, databaseURL: server.url(database: name))
            let first = try await ServeProcess.start(environment: environment)
            let second = try await ServeProcess.start(environment: environment)
            #expect(first.standardOutput.contains("users in PostgreSQL 127.0.0.1:"))
            #expect(first.standardError.contains("user store migrations applied"))
            #expect(second.standardError.contains("user store schema up to date"))

            let token = issuer.idToken(username: "newcomer", groups: ["users"])
            let replies = try await withThrowingTaskGroup(of: ServeProcess.Reply.self) { group in
                for index in 0..<200 {
                    let instance = index % 2 == 0 ? first : second
                    group.addTask { try await instance.get("/me", token: token, client: client) }
                }
                var replies: [ServeProcess.Reply] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            #expect(replies.count == 200)
            #expect(
                replies.allSatisfy { $0.status == 200 },
                "\(Set(replies.map(\.status))) \(replies.first { $0.status != 200 }?.body ?? "")")
            let ids = Set(try replies.map { try ($0.json()["user"] as? [String: Any])?["id"] as? String })
            #expect(ids.count == 1)
            #expect(ids.first! != nil)

            let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
            databases.use(try .postgres(url: server.url(database: name)), as: .psql)
            let db = databases.database(logger: .init(label: "test"), on: databases.eventLoopGroup.any())!
            #expect(try await CognitoUser.query(on: db).count() == 1)
            let row = try #require(try await CognitoUser.query(on: db).first())
            #expect(row.username == "newcomer")
            #expect(row.id?.uuidString.lowercased() == ids.first!)
            await databases.shutdownAsync()

            #expect(try await first.stop() == 0)
            #expect(try await second.stop() == 0)
        } catch {
            try? await client.shutdown()
            try await jwks.shutdown()
            try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server.adminURL)
            throw error
        }
        try await client.shutdown()
        try await jwks.shutdown()
        try await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server.adminURL)
    }

    @Test("PostgreSQL stopped under a running serve: 503 with a log line, /health still 200, and recovery")
    func databaseDown() async throws {
        let server = try await PostgresServer.startPrivate()
        defer { server.destroy() }
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_Down")
        let jwks = try await issuer.startJWKSServer()
        do {
            let serve = try await ServeProcess.start(
                environment: Self.environment(issuer, jwks: jwks, databaseURL: server.adminURL))
            #expect(try await serve.get("/me", token: issuer.idToken(username: "alice")).status == 200)
            try await server.stop()
            let down = try await serve.get("/me", token: issuer.idToken(username: "bob"))
            #expect(down.status == 503)
            #expect(down.contentType == "application/json")
            #expect(
                down.body
                    == #"{"error":"user_store_unavailable","reason":"the user store is unavailable; try again later"}"#)
            #expect(serve.standardError.contains("user store unavailable: the database failed; answering 503"))
            #expect(try await serve.get("/health").status == 200)
            // alice is still in the cache: no database needed.
            #expect(try await serve.get("/me", token: issuer.idToken(username: "alice")).status == 200)

            try await server.start()
            var status = 0
            for _ in 0..<50 where status != 200 {
                status = try await serve.get("/me", token: issuer.idToken(username: "bob")).status
                if status != 200 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(status == 200)
            #expect(try await serve.stop() == 0)
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }
}
