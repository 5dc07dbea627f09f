import CognitoJWT
import CognitoJWTFluent
import FluentKit
import Testing

/// A driver error whose description hides its cause, as PostgresNIO's `PSQLError` does.
struct OpaqueDriverError: CognitoDatabaseErrorDescribing, CustomStringConvertible {
    var description: String { "Generic description to prevent accidental leakage of sensitive data" }
    var causeDescription: String { #"database "gone" does not exist (SQLSTATE 3D000)"# }
}

/// A manager whose database always fails with ``OpaqueDriverError``.
struct FailingManager: CognitoUserManager {
    func get(_ context: CognitoUserContext) async throws -> CognitoUser? { throw OpaqueDriverError() }
    func create(_ context: CognitoUserContext) async throws -> CognitoUser { throw OpaqueDriverError() }
    func update(_ user: CognitoUser, _ context: CognitoUserContext) async throws -> CognitoUser { user }
}

@Suite("The user store logs a database error's cause, not its generic description")
struct DatabaseErrorLogTests {
    @Test("an error that describes its cause: the 503's log line names it")
    func logsTheCause() async throws {
        let db = try await TestDatabase.make(.sqliteMemory)
        let log = CapturedLog()
        let store = CognitoUserStore(manager: FailingManager(), logger: log.logger)
        let claims = try Claims()
        let error = await #expect(throws: CognitoUserStoreError.self) {
            try await store.caller(for: try await claims.id("olga"), on: db.database)
        }
        #expect(error?.httpStatus == 503)
        let line = try #require(log.messages.first { $0.contains("user store unavailable") })
        #expect(line.contains("does not exist (SQLSTATE 3D000)") && line.contains("gone"))
        #expect(!line.contains("Generic description"))
        await db.shutdown()
    }
}
