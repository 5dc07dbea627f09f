import CognitoJWT
import Foundation
import Testing

@Suite("cognito-jwt demo: POST /dev/revoke")
struct DemoRevocationTests {
    @Test("revoking a session by its origin_jti makes its tokens 401 revoked; other sessions go on; bad bodies 400")
    func revoke() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await DemoEndToEndTests.startDemo(database: database)
        let minted = try parseJSON(try await demo.post("/dev/token", json: #"{"username":"alice"}"#).body)
        let idToken = try #require(minted["id_token"] as? String)
        let other = try parseJSON(try await demo.post("/dev/token", json: #"{"username":"alice"}"#).body)
        let otherToken = try #require(other["id_token"] as? String)
        #expect(try await demo.get("/me", token: idToken).status == 200)
        let origin = try #require(try CompactJWS(parsing: idToken).payload["origin_jti"]?.stringValue)
        let revoked = try await demo.post("/dev/revoke", json: #"{"origin_jti":"\#(origin)"}"#)
        #expect(revoked.status == 200)
        let stale = try await demo.get("/me", token: idToken)
        #expect(stale.status == 401)
        #expect(
            stale.header("WWW-Authenticate")
                == #"Bearer realm="api", error="invalid_token", error_description="revoked""#)
        #expect(stale.body == #"{"error":"invalid_token","reason":"revoked"}"#)
        #expect(try await demo.get("/me", token: otherToken).status == 200)
        for bad in [#"{"origin_jti":""}"#, #"{"origin_jti":"a b"}"#, #"{"jti":"x"}"#, "[]"] {
            #expect(try await demo.post("/dev/revoke", json: bad).status == 400, "\(bad)")
        }
        #expect(demo.standardOutput.contains("curl -s -X POST \(demo.baseURL)/dev/revoke"))
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }
}
