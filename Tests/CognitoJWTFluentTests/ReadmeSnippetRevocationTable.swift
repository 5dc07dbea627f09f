// The README's recipe for a denylist shared by every API instance, verbatim (run by RevocationTableTests).
import CognitoJWT
import SQLKit

/// Revoked sessions in the app's database, seen by every instance: `revoked_sessions(origin_jti, expires_at)`.
struct RevokedSessions: CognitoRevocationCheck {
    let database: any SQLDatabase

    /// The table; `DELETE FROM revoked_sessions WHERE expires_at <= now` from time to time keeps it small.
    func createTable() async throws {
        try await database.create(table: "revoked_sessions").ifNotExists()
            .column("origin_jti", type: .text, .primaryKey(autoIncrement: false))
            .column("expires_at", type: .real, .notNull)
            .run()
    }

    /// At sign-out: the session of this token, until its tokens expire (Cognito's live a day at most).
    func revoke(_ claims: CognitoClaims, until expiresAt: Double) async throws {
        guard let session = claims.originTokenID else { return }
        try await database.insert(into: "revoked_sessions").columns("origin_jti", "expires_at")
            .values(SQLBind(session), SQLBind(expiresAt))
            .onConflict(with: ["origin_jti"]) { $0.set(excludedValueOf: "expires_at") }
            .run()
    }

    /// Asked by the verifier for every token, after its signature and claims, and on every cache hit. A thrown
    /// error (the database down) refuses the token: 503 `revocation_unavailable`.
    func isRevoked(_ claims: CognitoClaims, now: Double) async throws -> Bool {
        guard let session = claims.originTokenID else { return false }
        let rows = try await database.select().column("origin_jti").from("revoked_sessions")
            .where("origin_jti", .equal, SQLBind(session)).where("expires_at", .greaterThan, SQLBind(now))
            .limit(1).all()
        return !rows.isEmpty
    }
}
