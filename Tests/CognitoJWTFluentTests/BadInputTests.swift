import CognitoJWT
import CognitoJWTFluent
import FluentKit
import Foundation
import Testing

@Suite("Hostile claims: stored verbatim with bound parameters, or refused with a 400", .timeLimit(.minutes(3)))
struct BadInputTests {
    static let hostile = [
        #"O'Brien"; DROP TABLE cognito_users; --"#,
        "Robert'); DELETE FROM cognito_users WHERE ('1'='1",
        "\u{00E9}\u{0301}\u{1F600} \u{202E}rtl \u{FEFF}",
        "e\u{0301}", "\u{00E9}",
    ]

    @Test("quotes, SQL and mixed Unicode are stored byte for byte", arguments: [Backend.sqliteMemory, .postgres])
    func storedVerbatim(backend: Backend) async throws {
        try await TestDatabase.with(backend) { db in
            let claims = try Claims()
            let store = CognitoUserStore()
            for (index, text) in Self.hostile.enumerated() {
                let user = try await store.user(
                    for: try await claims.id(
                        "hostile\(index)", groups: [text], email: text,
                        extra: ["cognito:username": .string(text)]),
                    on: db.database)
                let row = try #require(try await CognitoUser.find(user.id, on: db.database))
                #expect(Array(row.username!.utf8) == Array(text.utf8))
                #expect(Array(row.email!.utf8) == Array(text.utf8))
                #expect(row.groups.map { Array($0.utf8) } == [Array(text.utf8)])
            }
            #expect(try await db.userCount() == Self.hostile.count)
            // Canonically equivalent but different subs are different users.
            let nfd = try await store.user(for: try await claims.id("x", extra: ["sub": "e\u{0301}"]), on: db.database)
            let nfc = try await store.user(for: try await claims.id("x", extra: ["sub": "\u{00E9}"]), on: db.database)
            #expect(nfd.id != nfc.id)
            #expect(try await db.userCount() == Self.hostile.count + 2)
        }
    }

    @Test(
        "NUL, control characters, 10 kB of text, groups that are not a list of strings: 400 invalid_claim",
        arguments: [
            ("cognito:username", JSONValue.string("ali\u{0}ce")),
            ("email", JSONValue.string("a\u{0}@example.com")),
            ("email", JSONValue.string("line\nbreak@example.com")),
            ("cognito:username", JSONValue.string(String(repeating: "x", count: 10_240))),
            ("email", JSONValue.string(String(repeating: "\u{1F600}", count: 2_600))),
            ("cognito:groups", JSONValue.string("admin")),
            ("cognito:groups", JSONValue.array([.string("users"), .number("7")])),
            ("cognito:groups", JSONValue.array([.array([.string("admin")])])),
            ("cognito:groups", JSONValue.array([.string(String(repeating: "g", count: 10_240))])),
            ("email", JSONValue.number("42")),
            ("sub", JSONValue.string("")),
        ])
    func refused(claim: String, value: JSONValue) async throws {
        try await TestDatabase.with(.sqliteMemory) { db in
            let claims = try Claims()
            let store = CognitoUserStore()
            let verified = try await claims.id("mallory", extra: [claim: value])
            let error = await #expect(throws: CognitoUserStoreError.self) {
                try await store.user(for: verified, on: db.database)
            }
            #expect(error?.kind == .invalidClaim)
            #expect(error?.httpStatus == 400)
            #expect(error?.code == "invalid_claim")
            #expect(error?.reason.contains(claim) == true)
            #expect(error?.reason.contains("mallory") == false)
            #expect((error?.jsonBody.utf8.count ?? 0) < 200)
            #expect(try await db.userCount() == 0)
        }
    }

    @Test("a 1 kB attribute is accepted; the limits are configurable")
    func limits() async throws {
        try await TestDatabase.with(.sqliteMemory) { db in
            let claims = try Claims()
            let long = String(repeating: "n", count: 1_024)
            let user = try await CognitoUserStore().user(
                for: try await claims.id("long", extra: ["cognito:username": .string(long)]),
                on: db.database)
            #expect(user.username == long)
            let strict = CognitoUserStore(configuration: .init(limits: .init(maximumTextBytes: 64, maximumGroups: 1)))
            await #expect(throws: CognitoUserStoreError.self) {
                try await strict.user(for: try await claims.id("many", groups: ["a", "b"]), on: db.database)
            }
        }
    }
}
