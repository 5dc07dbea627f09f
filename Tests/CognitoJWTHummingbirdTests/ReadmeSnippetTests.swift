import CognitoJWT
import CognitoJWTFluent
import CognitoJWTTesting
import FluentKit
import FluentSQLiteDriver
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOPosix
import Testing

@Suite("The README's Hummingbird snippet")
struct ReadmeSnippetTests {
    @Test("does what the README says, on a live server")
    func snippet() async throws {
        let issuer = try makeIssuer(pool: "us-east-1_Readme")
        let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(.sqlite(.memory), as: .sqlite)
        try await CognitoUserMigrations.run(on: databases, logger: Logger(label: "test"))
        let db = databases.database(logger: Logger(label: "test"), on: databases.eventLoopGroup.any())!
        let app = buildApplication(verifier: try issuer.verifier(), databases: databases)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "ok")
            }
            try await client.execute(uri: "/api/me", method: .get) { response in
                expectRejection(response, .missingToken(realm: "api"))
            }
            try await client.execute(
                uri: "/api/me", method: .get,
                headers: bearer(issuer.idToken(username: "alice"))
            ) { response in
                #expect(response.status == .ok)
                #expect(text(response).hasPrefix("hello alice, member since "))
            }
            let alice = try #require(try await CognitoUser.query(on: db).first())
            #expect(alice.subject == issuer.subject(for: "alice"))
            try await client.execute(
                uri: "/api/me", method: .get,
                headers: bearer(
                    issuer.idToken(
                        username: "mallory", extraClaims: ["cognito:groups": "not a list"]))
            ) { response in
                #expect(response.status == .badRequest)
                #expect(text(response).contains("cognito:groups"))
            }
            try await client.execute(
                uri: "/api/me", method: .get,
                headers: bearer(issuer.clientCredentialsToken(scopes: []))
            ) { response in
                #expect(text(response) == "client \(issuer.clientID)")
            }
            #expect(try await CognitoUser.query(on: db).count() == 1)
            try await client.execute(
                uri: "/admin", method: .get,
                headers: bearer(issuer.idToken(username: "alice"))
            ) { response in
                expectRejection(response, rejection(.missingGroup))
            }
            try await client.execute(
                uri: "/admin", method: .get,
                headers: bearer(issuer.idToken(username: "root", groups: ["admin"]))
            ) { response in
                #expect(text(response) == "admin area")
            }
            try await client.execute(
                uri: "/orders", method: .get,
                headers: bearer(issuer.accessToken(username: "alice"))
            ) { response in
                expectRejection(response, rejection(.missingScope))
            }
            try await client.execute(
                uri: "/orders", method: .get,
                headers: bearer(issuer.accessToken(username: "alice", scopes: ["orders/read"]))
            ) { response in
                #expect(text(response) == "your orders")
            }
            try await client.execute(
                uri: "/orders", method: .get,
                headers: bearer(issuer.accessToken(username: "alice", expiresIn: -5))
            ) { response in
                expectRejection(response, rejection(.expired))
            }
        }
    }
}
