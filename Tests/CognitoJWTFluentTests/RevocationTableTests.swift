import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

@Suite("The README's shared denylist recipe")
struct RevocationTableTests {
    @Test(
        "a session revoked in the database is refused by every verifier over it; others go on",
        arguments: [Backend.sqliteMemory, .sqliteFile])
    func sharedDenylist(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let table = RevokedSessions(database: db.sql)
            try await table.createTable()
            let issuer = try LocalCognitoIssuer()
            let instances = try (0..<2).map { _ in try CognitoVerifier(pools: [issuer.pool()], revocation: table) }
            let token = issuer.idToken(username: "alice")
            let claims = try await instances[0].verify(token)
            _ = try await instances[1].verify(token)
            try await table.revoke(claims, until: claims.expiresAt)
            try await table.revoke(claims, until: claims.expiresAt + 60)
            for verifier in instances {
                await #expect(throws: CognitoJWTError(.revoked, "token was revoked")) {
                    try await verifier.verify(token)
                }
                _ = try await verifier.verify(issuer.idToken(username: "alice"))
            }
            #expect(try await table.isRevoked(claims, now: claims.expiresAt + 59))
            #expect(try await !table.isRevoked(claims, now: claims.expiresAt + 60))
        }
    }
}
