import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

@Suite("cognito-jwt demo, serve and migrate with the user store (SQLite)", .timeLimit(.minutes(3)))
struct UserStoreEndToEndTests {
    @Test("/me returns the stored user, and the same user after a restart")
    func survivesRestart() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let pool = try LocalCognitoIssuer(region: "us-east-1", userPoolID: "us-east-1_DemoPool")

        let first = try await DemoEndToEndTests.startDemo(database: database)
        let token = try #require(
            try parseJSON(try await first.post("/dev/token", json: #"{"username":"alice","groups":["users"]}"#).body)[
                "id_token"] as? String)
        let before = try #require(
            try parseJSON(try await first.get("/me", token: token).body)["user"] as? [String: Any])
        first.process.interrupt()
        #expect(try await first.waitForExit() == 0)

        let second = try await DemoEndToEndTests.startDemo(database: database)
        #expect(second.standardError.contains("user store schema up to date"))
        let minted = try parseJSON(
            try await second.post("/dev/token", json: #"{"username":"alice","groups":["users","admin"]}"#).body)
        let again = try await second.get("/me", token: try #require(minted["id_token"] as? String))
        #expect(again.status == 200)
        let after = try #require(try parseJSON(again.body)["user"] as? [String: Any])
        #expect(after["id"] as? String == before["id"] as? String)
        #expect(after["sub"] as? String == pool.subject(for: "alice"))
        #expect(after["first_seen"] as? String == before["first_seen"] as? String)
        #expect(after["groups"] as? [String] == ["users", "admin"])
        second.process.interrupt()
        #expect(try await second.waitForExit() == 0)
    }

    @Test("the demo answers only Host 127.0.0.1, localhost or [::1]: others get 421 with a JSON body")
    func hostCheck() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await DemoEndToEndTests.startDemo(database: database)
        let port = String(demo.port)
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "LOCALHOST", "127.0.0.1"] {
            #expect(try await demo.get("/health", headers: [("Host", host)]).status == 200, "\(host)")
        }
        for host in [
            "evil.example", "evil.example:\(port)", "127.0.0.1.evil.example", "localhost.:\(port)",
            "127.0.0.1:80:80", "[::1]x", "127.0.0.2", "0.0.0.0:\(port)", "localhost:", "[::1]:port",
        ] {
            let reply = try await demo.get("/health", headers: [("Host", host)])
            #expect(reply.status == 421, "\(host)")
            #expect(reply.header("Content-Type") == "application/json")
            #expect(reply.body.contains(#""error":"misdirected_request""#))
        }
        var mint = try await demo.post("/dev/token", json: #"{"username":"alice"}"#)
        #expect(mint.status == 200)
        mint = try await postWithHost(
            demo, "/dev/token", json: #"{"username":"alice"}"#, host: "attacker.example:\(port)")
        #expect(mint.status == 421)
        #expect(!mint.body.contains("id_token"))
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }

    @Test("migrate: creates the tables once, says so, and refuses a DATABASE_URL that is not postgres://")
    func migrate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xdg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The default file: $XDG_DATA_HOME/cognito-jwt/users.sqlite.
        let first = try CommandLineProcess(["migrate"], port: 0, environment: ["XDG_DATA_HOME": directory.path])
        #expect(try await first.waitForExit() == 0)
        let path = directory.appendingPathComponent("cognito-jwt/users.sqlite").path
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(first.standardOutput.contains("cognito-jwt migrate: SQLite \(path) is up to date"))
        #expect(first.standardError.contains("CognitoJWTFluent.CreateCognitoUsers"))
        let second = try CommandLineProcess(["migrate", "--database", path], port: 0)
        #expect(try await second.waitForExit() == 0)
        #expect(second.standardError.contains("user store schema up to date"))

        let wrong = try CommandLineProcess(
            ["migrate"], port: 0, environment: ["DATABASE_URL": "mysql://root@127.0.0.1/app"])
        #expect(try await wrong.waitForExit() == 2)
        #expect(wrong.standardError.contains("DATABASE_URL must be a postgres:// URL"))
    }

    @Test("hostile claims reach /me as a 400 with a JSON body, never a 500; the server keeps serving")
    func hostileClaims() async throws {
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_Hostile")
        let jwks = try await issuer.startJWKSServer()
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        do {
            let serve = try await CommandLineProcess.launch(
                { ["serve", "--port", String($0), "--database", database] },
                environment: [
                    "COGNITO_AWS_REGION": "eu-west-1", "COGNITO_USER_POOL": "eu-west-1_Hostile",
                    "COGNITO_AUDIENCE": issuer.clientID, "COGNITO_JWKS_URL": jwks.baseURL + issuer.jwksPath,
                ], marker: { "cognito-jwt serve: \($0)" })
            let refused: [JSONObject] = [
                ["cognito:username": .string("ali\u{0}ce")],
                ["email": .string(String(repeating: "x", count: 10_240))],
                ["cognito:groups": .string("admin")],
                ["cognito:groups": .array([.string("users"), .bool(true)])],
                ["email": .string("two\nlines")],
            ]
            for extra in refused {
                let reply = try await serve.get("/me", token: issuer.idToken(username: "mallory", extraClaims: extra))
                #expect(reply.status == 400, "\(extra.names)")
                #expect(reply.header("Content-Type") == "application/json")
                #expect(reply.body.hasPrefix(#"{"error":"invalid_claim","reason":"the token's claim "#))
            }
            let quoted = #"O'Brien"; DROP TABLE cognito_users; --"#
            let stored = try await serve.get(
                "/me",
                token: issuer.idToken(
                    username: "obrien", email: quoted,
                    extraClaims: ["cognito:username": .string(quoted + " \u{00E9}\u{0301}\u{1F600}")]))
            #expect(stored.status == 200)
            let user = try #require(try parseJSON(stored.body)["user"] as? [String: Any])
            #expect(user["email"] as? String == quoted)
            #expect(
                (user["username"] as? String).map { Array($0.utf8) }
                    == Array((quoted + " \u{00E9}\u{0301}\u{1F600}").utf8))
            #expect(try await serve.get("/me", token: issuer.idToken(username: "alice")).status == 200)
            let machine = try await serve.get("/me", token: issuer.clientCredentialsToken(scopes: ["orders/read"]))
            #expect(machine.status == 200)
            #expect((try parseJSON(machine.body)["client"] as? [String: Any])?["id"] as? String == issuer.clientID)
            #expect(!serve.standardError.contains("mallory"))
            serve.process.interrupt()
            #expect(try await serve.waitForExit() == 0)
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }

    private func postWithHost(
        _ process: CommandLineProcess, _ path: String, json: String, host: String
    ) async throws
        -> CommandLineProcess.Reply
    {
        try await process.post(path, json: json, headers: [("Host", host)])
    }
}
