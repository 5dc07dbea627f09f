import CognitoJWT
import CognitoJWTFluent
import FluentKit
import Foundation
import Testing

/// An app's own user model, with its own table and columns.
final class Member: Model, @unchecked Sendable {
    static let schema = "members"
    @ID(key: .id) var id: UUID?
    @Field(key: "pool") var pool: String
    @Field(key: "cognito_sub") var cognitoSub: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "is_admin") var isAdmin: Bool
    @Field(key: "tenant") var tenant: String
    init() {}
}

struct CreateMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Member.schema).id()
            .field("pool", .string, .required).field("cognito_sub", .string, .required)
            .field("display_name", .string, .required).field("is_admin", .bool, .required)
            .field("tenant", .string, .required)
            .unique(on: "pool", "cognito_sub").create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Member.schema).delete() }
}

/// What a framework's request would give the manager.
struct FakeRequest: Sendable { let tenant: String }

/// Bring your own model: get, create and update written by the app, create in a transaction.
struct MemberManager: CognitoUserManager {
    let calls = Calls()

    final class Calls: Sendable {
        let names = LockedValue<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    func get(_ context: CognitoUserContext) async throws -> Member? {
        calls.add("get")
        return try await Member.query(on: context.database)
            .filter(\.$pool == context.attributes.pool).filter(\.$cognitoSub == context.attributes.subject).first()
    }

    func create(_ context: CognitoUserContext) async throws -> Member {
        calls.add("create")
        guard context.attributes.username != "banned" else {
            throw CognitoUserStoreError.refused(status: 403, code: "user_disabled", reason: "this user is disabled")
        }
        return try await context.database.transaction { db in
            let member = Member()
            member.pool = context.attributes.pool
            member.cognitoSub = context.attributes.subject
            member.displayName = context.attributes.username ?? "?"
            member.isAdmin = context.claims.isMember(of: "admin")
            member.tenant = context.request(as: FakeRequest.self)?.tenant ?? "none"
            try await member.create(on: db)
            return member
        }
    }

    func update(_ user: Member, _ context: CognitoUserContext) async throws -> Member {
        calls.add("update")
        let isAdmin = context.claims.isMember(of: "admin")
        if user.isAdmin != isAdmin {
            user.isAdmin = isAdmin
            try await user.update(on: context.database)
        }
        return user
    }
}

/// Only `create` overridden: the ready get and update, and the ready create inside a transaction.
struct AuditedUsers: CognitoUserManager {
    typealias User = CognitoUser
    let created = MemberManager.Calls()

    func create(_ context: CognitoUserContext) async throws -> CognitoUser {
        let user = try await context.database.transaction { db in
            try await CognitoUserTable().create(context.with(database: db))
        }
        created.add(user.username ?? "")
        return user
    }
}

@Suite("Bring your own model: the app's get, create and update", .timeLimit(.minutes(3)))
struct CustomManagerTests {
    @Test("an app's own model, with the request and a transaction", arguments: [Backend.sqliteMemory, .postgres])
    func ownModel(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            try await CreateMembers().prepare(on: db.database)
            let claims = try Claims()
            let manager = MemberManager()
            let store = CognitoUserStore(manager: manager)
            let alice = try await claims.id("alice", groups: ["users"])
            let member = try await store.user(for: alice, request: FakeRequest(tenant: "acme"), on: db.database)
            #expect(member.displayName == "alice")
            #expect(member.tenant == "acme")
            #expect(member.isAdmin == false)
            #expect(manager.calls.all == ["get", "create"])
            _ = try await store.user(for: alice, on: db.database)
            #expect(manager.calls.all == ["get", "create"])  // warm: from the cache

            let promoted = try await store.user(
                for: try await claims.id("alice", groups: ["users", "admin"]), on: db.database)
            #expect(promoted.isAdmin)
            #expect(manager.calls.all == ["get", "create", "get", "update"])
            #expect(try await Member.query(on: db.database).count() == 1)
            #expect(try await db.userCount() == 0)

            let refused = await #expect(throws: CognitoUserStoreError.self) {
                try await store.user(for: try await claims.id("banned"), on: db.database)
            }
            #expect(refused?.httpStatus == 403)
            #expect(refused?.code == "user_disabled")
        }
    }

    @Test("overriding only create keeps the ready get and update", arguments: [Backend.sqliteFile, .postgres])
    func overrideOneStep(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let manager = AuditedUsers()
            let store = CognitoUserStore(manager: manager)
            let user = try await store.user(for: try await claims.id("heidi", email: "h@example.com"), on: db.database)
            #expect(user.email == "h@example.com")
            store.forgetAll()
            let changed = try await store.user(
                for: try await claims.id("heidi", email: "heidi@example.com"), on: db.database)
            #expect(changed.id == user.id)
            #expect(changed.email == "heidi@example.com")
            #expect(manager.created.all == ["heidi"])
            #expect(try await db.userCount() == 1)
        }
    }
}
