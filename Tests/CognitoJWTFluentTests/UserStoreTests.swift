import CognitoJWT
import CognitoJWTFluent
import FluentKit
import Foundation
import Testing

@Suite("CognitoUserStore on SQLite (memory, file) and PostgreSQL", .timeLimit(.minutes(3)))
struct UserStoreTests {
    @Test("the first request stores the user; a warm one costs no statement at all", arguments: Backend.allCases)
    func firstAndWarm(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let store = CognitoUserStore()
            let alice = try await claims.id("alice", groups: ["users"], email: "alice@example.com")

            let user = try await store.user(for: alice, on: db.database)
            #expect(user.id != nil)
            #expect(user.subject == claims.issuer.subject(for: "alice"))
            #expect(user.issuer == claims.issuer.issuer)
            #expect(user.pool == claims.issuer.userPoolID)
            #expect(user.username == "alice")
            #expect(user.email == "alice@example.com")
            #expect(user.emailVerified == true)
            #expect(user.groups == ["users"])
            #expect(user.firstSeen == user.lastSeen)
            #expect(try await db.userCount() == 1)

            let before = store.statistics
            let logged = db.statementLog.count
            for _ in 0..<50 {
                let again = try await store.user(
                    for: try await claims.id("alice", groups: ["users"], email: "alice@example.com"),
                    on: db.database)
                #expect(again.id == user.id)
            }
            let after = store.statistics
            #expect(after.cacheHits - before.cacheHits == 50)
            #expect(after.databaseStatements == before.databaseStatements)
            #expect(db.statementLog.count == logged)
            let stored = try #require(try await CognitoUser.find(user.id, on: db.database))
            #expect(stored.subject == user.subject)
            #expect(stored.groups == ["users"])
        }
    }

    @Test("changed email, groups and username are refreshed in the row, not served stale", arguments: Backend.allCases)
    func refresh(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let store = CognitoUserStore()
            let first = try await store.user(
                for: try await claims.id("bob", groups: ["users"], email: "bob@example.com"),
                on: db.database)
            let changed = try await claims.id(
                "bob", groups: ["users", "admin"], email: "robert@example.com",
                extra: ["cognito:username": "robert"])
            let second = try await store.user(for: changed, on: db.database)
            #expect(second.id == first.id)
            #expect(second.email == "robert@example.com")
            #expect(second.groups == ["users", "admin"])
            #expect(second.username == "robert")
            let row = try #require(try await CognitoUser.find(first.id, on: db.database))
            #expect(row.email == "robert@example.com")
            #expect(row.groups == ["users", "admin"])
            #expect(row.username == "robert")
            #expect(try await db.userCount() == 1)

            // An access token carries no email: the stored one stays, and the cache keeps serving.
            let bobAccess = try await claims.verifier.verify(
                claims.issuer.accessToken(
                    username: "bob", groups: ["users", "admin"], extraClaims: ["username": "robert"]))
            let viaAccess = try await store.user(for: bobAccess, on: db.database)
            #expect(viaAccess.id == first.id)
            #expect(viaAccess.email == "robert@example.com")
            let hits = store.statistics.cacheHits
            _ = try await store.user(for: changed, on: db.database)
            #expect(store.statistics.cacheHits == hits + 1)

            // Removed from every group: a token without cognito:groups.
            let none = try await store.user(
                for: try await claims.id(
                    "bob", email: "robert@example.com",
                    extra: ["cognito:username": "robert"]), on: db.database)
            #expect(none.groups == [])
            #expect(try #require(try await CognitoUser.find(first.id, on: db.database)).groups == [])
        }
    }

    @Test("last_seen is written at most once per interval", arguments: [Backend.sqliteMemory, .postgres])
    func lastSeen(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let alice = try await claims.id("alice")
            let rarely = CognitoUserStore(configuration: .init(cacheCapacity: 0, lastSeenInterval: .seconds(60)))
            let created = try await rarely.user(for: alice, on: db.database)
            #expect(rarely.statistics.databaseStatements == 3)  // select, insert … on conflict do nothing, select
            for _ in 0..<10 { _ = try await rarely.user(for: alice, on: db.database) }
            #expect(rarely.statistics.databaseStatements == 13)  // one select each, no update
            let row = try #require(try await CognitoUser.find(created.id, on: db.database))
            #expect(abs(row.lastSeen.timeIntervalSince(created.lastSeen)) < 0.001)

            let often = CognitoUserStore(configuration: .init(cacheCapacity: 0, lastSeenInterval: .seconds(1)))
            try await Task.sleep(for: .milliseconds(1_100))
            let seen = try await often.user(for: alice, on: db.database)
            #expect(often.statistics.databaseStatements == 2)  // select, update last_seen
            #expect(seen.lastSeen > created.lastSeen)
            let updated = try #require(try await CognitoUser.find(created.id, on: db.database))
            #expect(updated.lastSeen > created.lastSeen)
            #expect(abs(updated.firstSeen.timeIntervalSince(created.firstSeen)) < 0.001)
            _ = try await often.user(for: alice, on: db.database)
            #expect(often.statistics.databaseStatements == 3)  // within the interval: select only
        }
    }

    @Test("200 concurrent first requests of one new user: one row, all succeed, one id", arguments: Backend.allCases)
    func concurrentFirstRequests(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let store = CognitoUserStore()
            let carol = try await claims.id("carol", groups: ["users"])
            let ids = try await withThrowingTaskGroup(of: UUID?.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await store.user(for: carol, on: db.database).id }
                }
                var ids: [UUID?] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.count == 200)
            #expect(Set(ids).count == 1)
            #expect(ids.first! != nil)
            #expect(try await db.userCount() == 1)
        }
    }

    @Test("the pool is part of the key: two pools may reuse a sub", arguments: [Backend.sqliteMemory, .postgres])
    func twoPools(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let first = try Claims(pool: "us-east-1_PoolOne")
            let second = try Claims(pool: "us-east-1_PoolTwo")
            let store = CognitoUserStore()
            let sub = "11111111-2222-3333-4444-555555555555"
            let a = try await store.user(for: try await first.id("dave", extra: ["sub": .string(sub)]), on: db.database)
            let b = try await store.user(
                for: try await second.id("dave", extra: ["sub": .string(sub)]), on: db.database)
            #expect(a.subject == b.subject)
            #expect(a.id != b.id)
            #expect(a.issuer != b.issuer)
            #expect(a.pool == "us-east-1_PoolOne" && b.pool == "us-east-1_PoolTwo")
            #expect(try await db.userCount() == 2)
        }
    }

    @Test("machine-to-machine tokens pass as a client identity, with no row", arguments: [Backend.sqliteMemory])
    func machineTokens(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let store = CognitoUserStore()
            let caller = try await store.caller(for: try await claims.machine(), on: db.database)
            #expect(caller.isClient)
            #expect(caller.user == nil)
            #expect(caller.client?.id == claims.issuer.clientID)
            #expect(try await db.userCount() == 0)
            let user = try await store.caller(for: try await claims.access("erin"), on: db.database)
            #expect(user.user?.username == "erin")
            #expect(try await db.userCount() == 1)
            await #expect(throws: CognitoUserStoreError.self) {
                try await store.user(for: try await claims.machine(), on: db.database)
            }
        }
    }

    @Test("the cache: bounded, short-lived, never past the token's exp")
    func cacheBounds() async throws {
        try await TestDatabase.with(.sqliteMemory) { db in
            let claims = try Claims()
            let small = CognitoUserStore(configuration: .init(cacheCapacity: 3))
            for index in 0..<10 { _ = try await small.user(for: try await claims.id("user\(index)"), on: db.database) }
            #expect(small.statistics.cachedUsers == 3)
            #expect(try await db.userCount() == 10)

            let shortLived = CognitoUserStore(configuration: .init(cacheTimeToLive: .milliseconds(200)))
            let frank = try await claims.id("frank")
            _ = try await shortLived.user(for: frank, on: db.database)
            _ = try await shortLived.user(for: frank, on: db.database)
            #expect(shortLived.statistics.cacheHits == 1)
            try await Task.sleep(for: .milliseconds(300))
            _ = try await shortLived.user(for: frank, on: db.database)
            #expect(shortLived.statistics.cacheHits == 1)
            #expect(shortLived.statistics.cacheMisses == 2)

            // A token expiring in 2 s: its user is not served from the cache after that, even with a long TTL.
            let store = CognitoUserStore(configuration: .init(cacheTimeToLive: .seconds(600)))
            let brief = try await claims.id("grace", expiresIn: 2)
            _ = try await store.user(for: brief, on: db.database)
            _ = try await store.user(for: brief, on: db.database)
            #expect(store.statistics.cacheHits == 1)
            let wait = brief.expiresAt - Date().timeIntervalSince1970 + 0.2
            try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
            _ = try await store.user(for: brief, on: db.database)
            #expect(store.statistics.cacheHits == 1)
            #expect(store.statistics.cacheMisses == 2)

            store.forgetAll()
            #expect(store.statistics.cachedUsers == 0)
        }
    }

    @Test(
        "after the time-to-live one request refreshes a busy user; its other requests are served meanwhile",
        arguments: [Backend.sqliteFile, .postgres])
    func oneRefreshPerTimeToLive(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let store = CognitoUserStore(configuration: .init(cacheTimeToLive: .milliseconds(300)))
            let ivy = try await claims.id("ivy", groups: ["users"])
            let created = try await store.user(for: ivy, on: db.database)
            #expect(store.statistics.databaseStatements == 3)
            for _ in 0..<2 {
                try await Task.sleep(for: .milliseconds(400))
                let before = store.statistics
                let ids = try await withThrowingTaskGroup(of: UUID?.self) { group in
                    for _ in 0..<64 { group.addTask { try await store.user(for: ivy, on: db.database).id } }
                    var ids: [UUID?] = []
                    for try await id in group { ids.append(id) }
                    return ids
                }
                let after = store.statistics
                #expect(ids.count == 64 && ids.allSatisfy { $0 == created.id })
                #expect(after.cacheMisses - before.cacheMisses == 1)
                #expect(after.cacheHits - before.cacheHits == 63)
                #expect(after.databaseStatements - before.databaseStatements == 1)  // one select; last_seen is recent
            }
        }
    }

    @Test("a refresh that fails lets the next request try again")
    func failedRefresh() async throws {
        let db = try await TestDatabase.make(.sqliteMemory)
        let claims = try Claims()
        let store = CognitoUserStore(configuration: .init(cacheTimeToLive: .milliseconds(100)))
        let jack = try await claims.id("jack")
        _ = try await store.user(for: jack, on: db.database)
        try await Task.sleep(for: .milliseconds(200))
        await db.shutdown()
        await #expect(throws: CognitoUserStoreError.self) { try await store.caller(for: jack, in: db.databases) }
        await #expect(throws: CognitoUserStoreError.self) { try await store.caller(for: jack, in: db.databases) }
        #expect(store.statistics.cacheMisses == 3)
    }

    @Test("a user stored in an SQLite file survives closing and reopening it")
    func survivesRestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let claims = try Claims()
        let alice = try await claims.id("alice", groups: ["users"])
        let first = try await TestDatabase.make(.sqliteFile, file: path)
        let created = try await CognitoUserStore().user(for: alice, on: first.database)
        await first.shutdown()

        let second = try await TestDatabase.make(.sqliteFile, file: path)
        let again = try await CognitoUserStore().user(for: alice, on: second.database)
        #expect(again.id == created.id)
        #expect(abs(again.firstSeen.timeIntervalSince(created.firstSeen)) < 0.001)
        #expect(try await second.userCount() == 1)
        await second.shutdown()
    }
}
