import CognitoJWT
import CognitoJWTFluent
import CognitoJWTTesting
import FluentKit
import Foundation
import Testing

/// The ready steps, with `get` answering a copy of the row read earlier (as a request that read it just before
/// another request changed it).
struct StaleReads: CognitoUserManager {
    typealias User = CognitoUser
    let stale: CognitoUser

    func get(_ context: CognitoUserContext) async throws -> CognitoUser? { stale }
}

@Suite("One user per pool and sub; attributes only from the newest token", .timeLimit(.minutes(3)))
struct UserKeyTests {
    @Test(
        "tokens of one pool through the original and updated issuer and a replica region are one user",
        arguments: Backend.allCases)
    func issuerForms(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let local = try LocalCognitoIssuer(region: "eu-central-1", userPoolID: "eu-central-1_xYzaq")
            let forms = [
                local.cognitoIssuer(.original), local.cognitoIssuer(.updated),
                local.cognitoIssuer(.original, region: "eu-west-1"),
            ]
            let pool = CognitoPool(
                issuers: forms.map { CognitoIssuer(issuer: $0) }, clientIDs: [local.clientID],
                keySource: .document(local.jwksJSON))
            let verifier = try CognitoVerifier(pools: [pool], cacheCapacity: 0)
            let store = CognitoUserStore()
            var ids: [UUID?] = []
            for iss in forms {
                let claims = try await verifier.verify(local.idToken(username: "alice", groups: ["users"], issuer: iss))
                #expect(claims.issuer == iss)
                #expect(claims.poolIdentity == "eu-central-1_xYzaq")
                ids.append(try await store.user(for: claims, on: db.database).id)
            }
            #expect(ids.count == 3 && Set(ids).count == 1 && ids[0] != nil)
            #expect(try await db.userCount() == 1)
            let row = try #require(try await CognitoUser.query(on: db.database).first())
            #expect(row.pool == "eu-central-1_xYzaq")
            #expect(row.issuer == forms[2])

            let uncached = CognitoUserStore(configuration: .init(cacheCapacity: 0))
            let updated = try await verifier.verify(local.accessToken(username: "alice", issuer: forms[1]))
            #expect(try await uncached.user(for: updated, on: db.database).id == ids[0])
            #expect(try await db.userCount() == 1)
        }
    }

    @Test(
        "an older, still valid token gets the user but never rolls back groups, email and email_verified",
        arguments: Backend.allCases)
    func olderToken(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let now = Int(Date().timeIntervalSince1970)
            func token(_ issuedAt: Int, groups: [String], email: String, verified: Bool) async throws -> CognitoClaims {
                try await claims.verifier.verify(
                    claims.issuer.idToken(
                        username: "mia", groups: groups, email: email, emailVerified: verified, issuedAt: issuedAt))
            }
            let newer = try await token(now - 10, groups: ["users"], email: "mia@new.example", verified: true)
            let older = try await token(
                now - 600, groups: ["users", "admin"], email: "mia@old.example", verified: false)
            let store = CognitoUserStore()
            let first = try await store.user(for: newer, on: db.database)
            func expectNewer(_ user: CognitoUser, _ comment: Comment) {
                #expect(user.id == first.id, comment)
                #expect(user.groups == ["users"], comment)
                #expect(user.email == "mia@new.example", comment)
                #expect(user.emailVerified == true, comment)
            }

            expectNewer(try await store.user(for: older, on: db.database), "through the cache")
            store.forgetAll()
            expectNewer(try await store.user(for: older, on: db.database), "after the cache was cleared")
            let other = CognitoUserStore(configuration: .init(cacheCapacity: 0, lastSeenInterval: .zero))
            expectNewer(try await other.user(for: older, on: db.database), "on a second store")
            let row = try #require(try await CognitoUser.find(first.id, on: db.database))
            expectNewer(row, "in the row")
            #expect(row.attributesIssuedAt == Double(now - 10))
            #expect(row.lastSeen > first.lastSeen)  // the older token was seen
            #expect(try await db.userCount() == 1)

            let newest = try await token(now, groups: ["users", "staff"], email: "mia@new.example", verified: true)
            #expect(try await store.user(for: newest, on: db.database).groups == ["users", "staff"])
            #expect(try await store.user(for: older, on: db.database).groups == ["users", "staff"])
            #expect(try await other.user(for: older, on: db.database).groups == ["users", "staff"])
            let updated = try #require(try await CognitoUser.find(first.id, on: db.database))
            #expect(updated.groups == ["users", "staff"])
            #expect(updated.attributesIssuedAt == Double(now))
        }
    }

    @Test(
        "a token newer than the row a request read, but older than the row now, does not overwrite it",
        arguments: [Backend.sqliteFile, .postgres])
    func concurrentNewerToken(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let now = Int(Date().timeIntervalSince1970)
            func token(_ issuedAt: Int, group: String) async throws -> CognitoClaims {
                try await claims.verifier.verify(
                    claims.issuer.idToken(username: "noah", groups: [group], issuedAt: issuedAt))
            }
            let plain = CognitoUserStore(configuration: .init(cacheCapacity: 0))
            let created = try await plain.user(for: try await token(now - 600, group: "a"), on: db.database)
            let stale = try #require(try await CognitoUser.find(created.id, on: db.database))
            _ = try await plain.user(for: try await token(now - 10, group: "c"), on: db.database)

            let racing = CognitoUserStore(manager: StaleReads(stale: stale), configuration: .init(cacheCapacity: 0))
            let answered = try await racing.user(for: try await token(now - 300, group: "b"), on: db.database)
            #expect(answered.groups == ["c"])
            let row = try #require(try await CognitoUser.find(created.id, on: db.database))
            #expect(row.groups == ["c"])
            #expect(row.attributesIssuedAt == Double(now - 10))
        }
    }
}
