import CognitoJWT
import Foundation
import Testing

@Suite("cognito-jwt demo: POST /dev/revoke")
struct DemoRevocationTests {
    @Test(
        "revoking a session by its origin_jti makes its ID and access tokens 401 revoked; other sessions go on; bad bodies 400"
    )
    func revoke() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await DemoEndToEndTests.startDemo(database: database)
        let minted = try parseJSON(try await demo.post("/dev/token", json: #"{"username":"alice"}"#).body)
        let idToken = try #require(minted["id_token"] as? String)
        let accessToken = try #require(minted["access_token"] as? String)
        let other = try parseJSON(try await demo.post("/dev/token", json: #"{"username":"alice"}"#).body)
        let otherToken = try #require(other["id_token"] as? String)
        #expect(try await demo.get("/me", token: idToken).status == 200)
        #expect(try await demo.get("/me", token: accessToken).status == 200)
        let origin = try #require(try CompactJWS(parsing: idToken).payload["origin_jti"]?.stringValue)
        let revoked = try await demo.post("/dev/revoke", json: #"{"origin_jti":"\#(origin)"}"#)
        #expect(revoked.status == 200)
        let stale = try await demo.get("/me", token: idToken)
        #expect(stale.status == 401)
        #expect(
            stale.header("WWW-Authenticate")
                == #"Bearer realm="api", error="invalid_token", error_description="revoked""#)
        #expect(stale.body == #"{"error":"invalid_token","reason":"revoked"}"#)
        let staleAccess = try await demo.get("/me", token: accessToken)  // the same sign-in's access token
        #expect(staleAccess.status == 401)
        #expect(staleAccess.body == #"{"error":"invalid_token","reason":"revoked"}"#)
        #expect(try await demo.get("/me", token: otherToken).status == 200)
        for bad in [#"{"origin_jti":""}"#, #"{"origin_jti":"a b"}"#, #"{"jti":"x"}"#, "[]"] {
            #expect(try await demo.post("/dev/revoke", json: bad).status == 400, "\(bad)")
        }
        #expect(demo.standardOutput.contains("curl -s -X POST \(demo.baseURL)/dev/revoke"))
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }

    @Test("a full denylist: /dev/revoke answers 503 JSON, and unrevoked sessions are 503 revocation_unavailable")
    func full() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await CommandLineProcess.launch(
            { ["demo", "--port", String($0), "--database", database, "--denylist-capacity", "1"] },
            marker: { _ in DemoEndToEndTests.bannerEnd })
        var tokens: [String] = []
        var origins: [String] = []
        for _ in 0..<2 {
            let minted = try parseJSON(try await demo.post("/dev/token", json: #"{"username":"alice"}"#).body)
            let token = try #require(minted["id_token"] as? String)
            tokens.append(token)
            origins.append(try #require(try CompactJWS(parsing: token).payload["origin_jti"]?.stringValue))
        }
        #expect(try await demo.post("/dev/revoke", json: #"{"origin_jti":"\#(origins[0])"}"#).status == 200)
        #expect(try await demo.get("/me", token: tokens[1]).status == 200)
        let refused = try await demo.post("/dev/revoke", json: #"{"origin_jti":"\#(origins[1])"}"#)
        #expect(refused.status == 503)
        #expect(refused.header("Content-Type") == "application/json")
        let body = try parseJSON(refused.body)
        #expect(body["error"] as? String == "temporarily_unavailable")
        #expect(body["reason"] as? String == "denylist_full")
        #expect(body.count == 2)
        let unrevoked = try await demo.get("/me", token: tokens[1])
        #expect(unrevoked.status == 503)
        #expect(unrevoked.body == #"{"error":"temporarily_unavailable","reason":"revocation_unavailable"}"#)
        #expect(try await demo.get("/me", token: tokens[0]).status == 401)
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }
}
