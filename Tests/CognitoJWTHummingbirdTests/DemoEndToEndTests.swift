import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

@Suite("cognito-jwt demo and serve, run as built by swift build")
struct DemoEndToEndTests {
    /// The banner's last line: the demo printed everything.
    static let bannerEnd = "Stop: Ctrl-C"

    /// A temporary SQLite file for one test's user store.
    static func databasePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("demo-users-\(UUID().uuidString).sqlite").path
    }

    /// `cognito-jwt demo` on a free port with its users in `database`.
    static func startDemo(database: String, environment: [String: String] = [:]) async throws -> CommandLineProcess {
        try await CommandLineProcess.launch(
            { ["demo", "--port", String($0), "--database", database] },
            environment: environment, marker: { _ in bannerEnd })
    }

    @Test("every curl line the demo prints answers the status its comment announces")
    func printedCurlLines() async throws {
        let database = Self.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await Self.startDemo(database: database)
        let lines = demo.standardOutput.split(separator: "\n").map(String.init)
        // export ALICE_ID_TOKEN='<token>'
        var tokens: [String: String] = [:]
        for line in lines where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            let name = String(assignment.prefix { $0 != "=" })
            let value = assignment.dropFirst(name.count + 1)
            #expect(value.hasPrefix("'") && value.hasSuffix("'"), "\(line)")
            tokens[name] = String(value.dropFirst().dropLast())
        }
        #expect(tokens.count == 5)
        var checked: [String] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("curl -i ") {
            // "# 403 /admin: …" above `curl -i http://127.0.0.1:<port>/admin -H "Authorization: Bearer $ALICE_ID_TOKEN"`
            let comment = lines[index - 1]
            let expected = try #require(Int(comment.dropFirst(2).prefix(3)), "no status in \(comment)")
            let url = String(line.dropFirst("curl -i ".count).prefix { $0 != " " })
            #expect(url.hasPrefix(demo.baseURL + "/"))
            #expect(line.count < 120, "\(line)")
            let suffix = try #require(line.split(separator: "\"Authorization: Bearer $").last)
            #expect(suffix.hasSuffix("\""))
            let token = try #require(tokens[String(suffix.dropLast())], "\(line)")
            let reply = try await demo.get(String(url.dropFirst(demo.baseURL.count)), token: token)
            #expect(reply.status == expected, "\(comment)")
            checked.append("\(expected) \(url.dropFirst(demo.baseURL.count))")
        }
        #expect(checked == ["200 /me", "403 /admin", "200 /admin", "200 /orders", "403 /orders", "401 /me"])
        #expect(demo.standardOutput.contains("curl -s -X POST \(demo.baseURL)/dev/token"))
        #expect(demo.standardOutput.contains("\(demo.baseURL)/us-east-1_DemoPool/.well-known/jwks.json"))
        #expect(
            demo.standardOutput.contains("users      SQLite \(URL(fileURLWithPath: database).standardizedFileURL.path)")
        )
        #expect(demo.standardError.contains("user store migrations applied"))
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }

    @Test("minted tokens: /me, /admin, /orders, expired, bad requests; SIGTERM stops it cleanly")
    func mintedTokens() async throws {
        let database = Self.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await Self.startDemo(database: database)
        // The same derivation as the demo's pool: the same user name always gets the same sub.
        let samePool = try LocalCognitoIssuer(region: "us-east-1", userPoolID: "us-east-1_DemoPool")

        let minted = try await demo.post(
            "/dev/token", json: #"{"username":"alice","groups":["admin"],"scopes":["orders/read"]}"#)
        #expect(minted.status == 200)
        let tokens = try parseJSON(minted.body)
        let idToken = try #require(tokens["id_token"] as? String)
        let accessToken = try #require(tokens["access_token"] as? String)
        #expect(tokens["expires_in"] as? Int == 3600)

        let me = try await demo.get("/me", token: idToken)
        #expect(me.status == 200)
        #expect(me.header("Content-Type") == "application/json")
        let body = try parseJSON(me.body)
        let user = try #require(body["user"] as? [String: Any])
        #expect(UUID(uuidString: try #require(user["id"] as? String)) != nil)
        #expect(user["sub"] as? String == samePool.subject(for: "alice"))
        #expect(user["username"] as? String == "alice")
        #expect(user["email"] as? String == "alice@example.com")
        #expect(user["groups"] as? [String] == ["admin"])
        let iso = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let firstSeen = try iso.parse(try #require(user["first_seen"] as? String))
        let lastSeen = try iso.parse(try #require(user["last_seen"] as? String))
        #expect(abs(firstSeen.timeIntervalSinceNow) < 60)
        #expect(lastSeen >= firstSeen)
        let claims = try #require(body["claims"] as? [String: Any])
        #expect(claims["iss"] as? String == samePool.issuer)
        #expect(claims["token_use"] as? String == "id")

        #expect(try await demo.get("/me", token: accessToken).status == 200)
        #expect(try await demo.get("/admin", token: idToken).status == 200)
        #expect(try await demo.get("/orders", token: accessToken).status == 200)

        let bob = try parseJSON(try await demo.post("/dev/token", json: #"{"username":"bob"}"#).body)
        let bobID = try #require(bob["id_token"] as? String)
        let bobAccess = try #require(bob["access_token"] as? String)
        let forbidden = try await demo.get("/admin", token: bobID)
        #expect(forbidden.status == 403)
        #expect(forbidden.body == #"{"error":"forbidden","reason":"missing_group"}"#)
        let noScope = try await demo.get("/orders", token: bobAccess)
        #expect(noScope.status == 403)
        #expect(
            noScope.header("WWW-Authenticate")
                == #"Bearer realm="api", error="insufficient_scope", error_description="missing_scope""#)
        #expect(try await demo.get("/orders", token: bobID).status == 403)

        let expired = try parseJSON(
            try await demo.post("/dev/token", json: #"{"username":"alice","expires_in":-60}"#).body)
        let stale = try await demo.get("/me", token: try #require(expired["id_token"] as? String))
        #expect(stale.status == 401)
        #expect(
            stale.header("WWW-Authenticate")
                == #"Bearer realm="api", error="invalid_token", error_description="expired""#)
        #expect(stale.body == #"{"error":"invalid_token","reason":"expired"}"#)

        let anonymous = try await demo.get("/me")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate") == #"Bearer realm="api""#)
        #expect(try await demo.get("/me", token: "garbage").status == 401)
        #expect(try await demo.get("/health").status == 200)

        for bad in [
            "not json", #"{"groups":["admin"]}"#, #"{"username":""}"#, #"{"username":7}"#,
            #"{"username":"a","expires_in":"soon"}"#, #"{"username":"a","expires_in":999999999}"#,
            #"{"username":"a","expires_in":-9223372036854775808}"#, #"{"username":"a","expires_in":1e400}"#,
            #"{"username":"a","groups":["two words"]}"#, "[]", "",
        ] {
            #expect(try await demo.post("/dev/token", json: bad).status == 400, "\(bad)")
        }

        let jwks = try parseJSON(try await demo.get("/us-east-1_DemoPool/.well-known/jwks.json").body)
        #expect((jwks["keys"] as? [Any])?.count == 2)

        demo.process.terminate()
        #expect(try await demo.waitForExit() == 0)
    }

    @Test("serve: a configuration error is a message on stderr and exit status 2")
    func serveConfigurationError() async throws {
        let serve = try CommandLineProcess(
            ["serve", "--port", "1"], port: 1, environment: ["COGNITO_AWS_REGION": "eu-west-1"])
        #expect(try await serve.waitForExit() == 2)
        #expect(
            serve.standardError.contains(
                "cognito-jwt serve: COGNITO_AWS_REGION (--region) is set without COGNITO_USER_POOL"))
        #expect(serve.standardOutput.isEmpty)
    }

    @Test("serve: without COGNITO_AUDIENCE it refuses to start; * accepts every app client of the pool")
    func serveNeedsAudience() async throws {
        let pool = ["COGNITO_AWS_REGION": "eu-west-1", "COGNITO_USER_POOL": "eu-west-1_ServePool"]
        let refused = try CommandLineProcess(["serve", "--port", "1"], port: 1, environment: pool)
        #expect(try await refused.waitForExit() == 2)
        #expect(refused.standardError.contains("cognito-jwt serve: COGNITO_AUDIENCE"))
        #expect(refused.standardOutput.isEmpty)
        for empty in [",", " , "] {
            let none = try CommandLineProcess(
                ["serve", "--port", "1"], port: 1, environment: pool.merging(["COGNITO_AUDIENCE": empty]) { a, _ in a })
            #expect(try await none.waitForExit() == 2)
            #expect(none.standardError.contains("names no app client id"))
        }
        let mixed = try CommandLineProcess(
            ["serve", "--port", "1"], port: 1, environment: pool.merging(["COGNITO_AUDIENCE": "abc,*"]) { a, _ in a })
        #expect(try await mixed.waitForExit() == 2)
        #expect(mixed.standardError.contains("* means every app client"))

        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_ServePool")
        let jwks = try await issuer.startJWKSServer()
        do {
            let database = Self.databasePath()
            defer { try? FileManager.default.removeItem(atPath: database) }
            let serve = try await CommandLineProcess.launch(
                { ["serve", "--port", String($0), "--database", database] },
                environment: pool.merging(["COGNITO_AUDIENCE": "*", "COGNITO_JWKS_URL": jwks.baseURL + issuer.jwksPath])
                {
                    a, _ in a
                }, marker: { "cognito-jwt serve: \($0)" })
            let other = issuer.idToken(username: "alice", extraClaims: ["aud": "another-app-client"])
            #expect(try await serve.get("/me", token: other).status == 200)
            #expect(serve.standardError.contains("accepts tokens of every app client"))
            serve.process.terminate()
            _ = try await serve.waitForExit()
            try await jwks.shutdown()
        } catch {
            try? await jwks.shutdown()
            throw error
        }
    }

    @Test("serve: the same API against a pool from the environment, its JWKS fetched over HTTP")
    func serveAgainstPool() async throws {
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_ServePool")
        let jwks = try await issuer.startJWKSServer()
        do {
            let database = Self.databasePath()
            defer { try? FileManager.default.removeItem(atPath: database) }
            let serve = try await CommandLineProcess.launch(
                { ["serve", "--port", String($0), "--database", database] },
                environment: [
                    "COGNITO_AWS_REGION": "eu-west-1", "COGNITO_USER_POOL": "eu-west-1_ServePool",
                    "COGNITO_AUDIENCE": issuer.clientID, "COGNITO_JWKS_URL": jwks.baseURL + issuer.jwksPath,
                ], marker: { "cognito-jwt serve: \($0)" })
            #expect(try await serve.get("/me", token: issuer.idToken(username: "alice")).status == 200)
            #expect(try await serve.get("/admin", token: issuer.idToken(username: "alice")).status == 403)
            #expect(
                try await serve.get("/admin", token: issuer.idToken(username: "root", groups: ["admin"])).status == 200)
            #expect(
                try await serve.get("/orders", token: issuer.accessToken(username: "a", scopes: ["orders/read"])).status
                    == 200)
            #expect(try await serve.get("/me", token: issuer.idToken(username: "alice", expiresIn: -5)).status == 401)
            let other = try LocalCognitoIssuer(
                region: "eu-west-1", userPoolID: "eu-west-1_ServePool", clientID: "another-client")
            #expect(try await serve.get("/me", token: other.idToken(username: "alice")).status == 401)
            #expect(try await serve.get("/me").status == 401)
            #expect(try await serve.post("/dev/token", json: #"{"username":"alice"}"#).status == 404)
            #expect(jwks.requestCount >= 1)
            serve.process.interrupt()
            #expect(try await serve.waitForExit() == 0)
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }
}
