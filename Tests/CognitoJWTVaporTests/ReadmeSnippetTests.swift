import CognitoJWT
import CognitoJWTFluent
import CognitoJWTTesting
import CognitoJWTVapor
import Fluent
import FluentSQLiteDriver
import Testing
import VaporTesting

@Suite("The README's Vapor example")
struct ReadmeSnippetTests {
    @Test("routes(_:) behaves as the README says")
    func readmeRoutes() async throws {
        let issuer = Fixtures.issuer
        try await withCognitoApp(
            verifier: Fixtures.verifier,
            configure: { app in
                app.databases.use(.sqlite(.memory), as: .sqlite)
                app.migrations.add(CognitoUserMigrations.all)
                try await app.autoMigrate()
                try routes(app)
            }
        ) { app in
            let alice = issuer.idToken(username: "alice", email: "alice@example.com")
            try await app.testing().test(.GET, "hello") { res in #expect(res.body.string == "Hello, stranger!") }
            try await app.testing().test(.GET, "hello", headers: bearer(alice)) { res in
                #expect(res.body.string == "Hello, alice@example.com!")
            }
            try await app.testing().test(.GET, "me") { res in expectMissingToken(res) }
            try await app.testing().test(.GET, "me", headers: bearer(alice)) { res in
                #expect(res.status == .ok)
                let me = try res.content.decode(Me.self)
                #expect(me.id != nil)
                #expect(me.sub == issuer.subject(for: "alice"))
                #expect(me.email == "alice@example.com")
                let row = try #require(try await CognitoUser.find(me.id, on: app.db))
                #expect(row.subject == me.sub)
            }
            #expect(try await CognitoUser.query(on: app.db).count() == 1)
            let hostile = issuer.idToken(username: "mallory", extraClaims: ["cognito:username": "nul\u{0}"])
            try await app.testing().test(.GET, "me", headers: bearer(hostile)) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("cognito:username"))
            }
            try await app.testing().test(.DELETE, "users/42", headers: bearer(alice)) { res in
                #expect(res.status == .forbidden)
            }
            let admin = issuer.accessToken(username: "root", groups: ["admin"])
            try await app.testing().test(.DELETE, "users/42", headers: bearer(admin)) { res in
                #expect(res.status == .noContent)
            }
            let machine = issuer.clientCredentialsToken(scopes: ["reports/read"])
            try await app.testing().test(.GET, "me", headers: bearer(machine)) { res in
                #expect(res.status == .forbidden)
            }
            #expect(try await CognitoUser.query(on: app.db).count() == 2)  // alice and root; the client has no row
            try await app.testing().test(.GET, "reports", headers: bearer(machine)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string == issuer.clientID)
            }
            try await app.testing().test(.GET, "reports", headers: bearer(issuer.clientCredentialsToken(scopes: []))) {
                res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("configure(_:) reads the COGNITO_* environment, failing at start-up when it is incomplete")
    func readmeConfigure() async throws {
        // The test process's environment decides which outcome is right; both are checked against the core.
        let expected = Result { () throws(CognitoConfigurationError) in try CognitoConfiguration.fromEnvironment() }
        try await withApp { app in
            switch expected {
            case .success:
                try await configure(app)
                #expect(app.cognito.verifier != nil)
            case .failure(let error):
                await #expect {
                    try await configure(app)
                } throws: { thrown in
                    (thrown as? CognitoConfigurationError)?.message == error.message
                }
                #expect(app.cognito.verifier == nil)
            }
        }
    }
}
