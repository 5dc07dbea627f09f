import Foundation
import Testing

@Suite("cognito-jwt names why the database failed, without the password", .timeLimit(.minutes(3)))
struct DatabaseErrorEndToEndTests {
    /// The test server's URL (`POSTGRES_URL`), when there is one.
    static let postgresURL = ProcessInfo.processInfo.environment["POSTGRES_URL"]

    /// What stderr must never say about a database error.
    static func expectNoSecret(_ text: String, password: String) {
        #expect(!text.contains("Generic description"))
        #expect(!text.contains(password))
        #expect(!text.contains("postgres://"))
    }

    @Test("migrate and demo against a closed port: exit 1, and the message says the connection was refused")
    func closedPort() async throws {
        let port = try await CommandLineProcess.freePort()
        let password = "hunter2-\(UUID().uuidString)"
        let url = "postgres://app:\(password)@127.0.0.1:\(port)/app"
        for arguments in [["migrate"], ["demo", "--port", "1"]] {
            let command = try CommandLineProcess(arguments, port: 1, environment: ["DATABASE_URL": url])
            #expect(try await command.waitForExit() == 1, "\(arguments)")
            let message = command.standardError
            #expect(message.contains("cannot connect to the server"), "\(message)")
            #expect(message.lowercased().contains("connection refused"), "\(message)")
            Self.expectNoSecret(message, password: password)
        }
    }

    @Test(
        "migrate against a database that does not exist: the server's message and SQLSTATE",
        .enabled(if: postgresURL != nil, "needs POSTGRES_URL"))
    func missingDatabase() async throws {
        let base = try #require(Self.postgresURL)
        var components = try #require(URLComponents(string: base))
        let name = "nope_\(UInt32.random(in: 0...UInt32.max))"
        let password = "hunter2-\(UUID().uuidString)"
        components.path = "/" + name
        components.password = password
        let url = try #require(components.string)
        let migrate = try CommandLineProcess(["migrate"], port: 0, environment: ["DATABASE_URL": url])
        #expect(try await migrate.waitForExit() == 1)
        let message = migrate.standardError
        #expect(message.contains("database \"\(name)\" does not exist"), "\(message)")
        #expect(message.contains("SQLSTATE 3D000"), "\(message)")
        Self.expectNoSecret(message, password: password)
    }
}
