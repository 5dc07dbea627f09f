import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// `GET /metrics`, `--log-level` and a reloaded `--config` file, with `cognito-jwt demo` and `serve` as built.
@Suite("cognito-jwt demo and serve: metrics, logs, reloaded configuration")
struct ObservabilityEndToEndTests {
    @Test("the demo answers /metrics in the Prometheus text format; --log-level debug logs rejections by code")
    func demoMetricsAndLogs() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await CommandLineProcess.launch(
            { ["demo", "--port", String($0), "--database", database, "--log-level", "debug"] },
            marker: { _ in DemoEndToEndTests.bannerEnd })
        let minted = try await demo.post("/dev/token", json: #"{"username":"alice"}"#)
        let token = try #require(try parseJSON(minted.body)["id_token"] as? String)
        #expect(try await demo.get("/me", token: token).status == 200)
        #expect(try await demo.get("/me", token: token).status == 200)
        let expired = try await demo.post("/dev/token", json: #"{"username":"alice","expires_in":-60}"#)
        let expiredToken = try #require(try parseJSON(expired.body)["id_token"] as? String)
        #expect(try await demo.get("/me", token: expiredToken).status == 401)

        let metrics = try await demo.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        for line in [
            #"cognito_jwt_verifications_total{outcome="accepted"} 2"#,
            #"cognito_jwt_verifications_total{outcome="expired"} 1"#,
            #"cognito_jwt_jwks_fetches_total{result="ok"} 1"#,
            #"cognito_jwt_jwks_fetch_duration_seconds_count{result="ok"} 1"#,
            #"cognito_jwt_token_cache_lookups_total{result="hit"} 1"#,
            #"cognito_jwt_token_cache_lookups_total{result="miss"} 2"#,
            "cognito_jwt_token_cache_entries 1.0",
            "# TYPE cognito_jwt_jwks_fetch_duration_seconds histogram",
        ] {
            #expect(metrics.body.contains(line + "\n"), "\(line)")
        }
        let log = demo.standardError
        #expect(log.contains("JWKS fetched"))
        #expect(log.contains("code=expired"))
        for part in token.split(separator: ".") + expiredToken.split(separator: ".") {
            #expect(!log.contains(part.prefix(16)))
            #expect(!metrics.body.contains(part.prefix(16)))
        }
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }

    @Test("serve --config: the pool from a JSON file; a changed cognito.audience takes effect without a restart")
    func serveReloadsTheAudience() async throws {
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_ReloadPool")
        let jwks = try await issuer.startJWKSServer()
        let other = issuer.idToken(username: "bob", extraClaims: ["aud": "another-client"])
        let database = DemoEndToEndTests.databasePath()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).json")
        defer {
            try? FileManager.default.removeItem(atPath: database)
            try? FileManager.default.removeItem(at: config)
        }
        func write(audience: [String]) throws {
            let list = audience.map { "\"\($0)\"" }.joined(separator: ", ")
            let text = """
                {"cognito": {"aws": {"region": "eu-west-1"}, "userPool": "eu-west-1_ReloadPool",
                             "audience": [\(list)], "jwks": {"url": "\(jwks.baseURL + issuer.jwksPath)"},
                             "realm": "reload"}}
                """
            try text.write(to: config, atomically: true, encoding: .utf8)
        }
        do {
            try write(audience: [issuer.clientID])
            let serve = try await CommandLineProcess.launch(
                {
                    [
                        "serve", "--port", String($0), "--database", database, "--config", config.path,
                        "--config-poll-seconds", "1",
                    ]
                }, marker: { "cognito-jwt serve: \($0)" })
            #expect(try await serve.get("/me", token: issuer.idToken(username: "alice")).status == 200)
            let refused = try await serve.get("/me", token: other)
            #expect(refused.status == 401)
            #expect(
                refused.header("WWW-Authenticate")
                    == #"Bearer realm="reload", error="invalid_token", error_description="wrong_audience""#)

            try write(audience: [issuer.clientID, "another-client"])
            var status = 0
            for _ in 0..<600 where status != 200 {
                status = try await serve.get("/me", token: other).status
                if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 200)
            #expect(serve.standardError.contains("accepted client ids reloaded"))
            serve.process.interrupt()
            #expect(try await serve.waitForExit() == 0)
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }
}
