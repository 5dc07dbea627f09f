import CognitoJWTTesting
import Foundation
import Testing

@Suite("cognito-jwt serve and demo answer only the Host names they are given", .timeLimit(.minutes(3)))
struct HostCheckEndToEndTests {
    /// The status and body of `GET path` sent raw with one `Host` header per entry of `hosts`.
    static func get(_ path: String, port: Int, hosts: [String]) async throws -> (status: Int?, body: String) {
        let head = "GET \(path) HTTP/1.1\r\n" + hosts.map { "Host: \($0)\r\n" }.joined() + "Connection: close\r\n\r\n"
        let answer = String(
            decoding: try await RawHTTPClient.exchange(port: port, request: Array(head.utf8)), as: UTF8.self)
        let body = answer.range(of: "\r\n\r\n").map { String(answer[$0.upperBound...]) } ?? ""
        return (RawHTTPClient.statusCode(of: answer), body)
    }

    /// `cognito-jwt serve` against a local pool, with `environment` added; `body` runs while it serves.
    static func withServe(
        environment: [String: String] = [:], _ body: (CommandLineProcess) async throws -> Void
    ) async throws {
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_HostPool")
        let jwks = try await issuer.startJWKSServer()
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        do {
            let pool = [
                "COGNITO_AWS_REGION": "eu-west-1", "COGNITO_USER_POOL": "eu-west-1_HostPool",
                "COGNITO_AUDIENCE": issuer.clientID, "COGNITO_JWKS_URL": jwks.baseURL + issuer.jwksPath,
            ]
            let serve = try await CommandLineProcess.launch(
                { ["serve", "--port", String($0), "--database", database] },
                environment: pool.merging(environment) { $1 }, marker: { "cognito-jwt serve: \($0)" })
            try await body(serve)
            serve.process.interrupt()
            #expect(try await serve.waitForExit() == 0)
        } catch {
            try? await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }

    @Test("serve: /metrics for a forged Host is 421 with a JSON body; for localhost:PORT it is 200")
    func serveLoopbackByDefault() async throws {
        try await Self.withServe { serve in
            let port = serve.port
            for host in ["evil.example", "evil.example:\(port)", "api.example.com", "localhost.:\(port)", "127.0.0.2"] {
                let refused = try await Self.get("/metrics", port: port, hosts: [host])
                #expect(refused.status == 421, "\(host)")
                #expect(refused.body.contains(#""error":"misdirected_request""#), "\(host)")
                #expect(!refused.body.contains("cognito_jwt_"), "\(host)")
            }
            for host in ["localhost:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)", "LocalHost"] {
                let answered = try await Self.get("/metrics", port: port, hosts: [host])
                #expect(answered.status == 200, "\(host)")
            }
            let twice = try await Self.get("/metrics", port: port, hosts: ["localhost:\(port)", "localhost:\(port)"])
            #expect(twice.status == 400)
            #expect(twice.body.contains(#""error":"bad_request""#))
        }
    }

    @Test("serve: COGNITO_ALLOWED_HOSTS=api.example.com adds that name; loopback stays, others get 421")
    func serveAllowedHosts() async throws {
        try await Self.withServe(environment: ["COGNITO_ALLOWED_HOSTS": "api.example.com"]) { serve in
            let port = serve.port
            for host in ["api.example.com", "API.Example.com:443", "localhost:\(port)"] {
                #expect(try await Self.get("/metrics", port: port, hosts: [host]).status == 200, "\(host)")
            }
            for host in ["evil.example", "api.example.com.evil.example", "www.api.example.com"] {
                #expect(try await Self.get("/metrics", port: port, hosts: [host]).status == 421, "\(host)")
            }
            let twice = try await Self.get("/health", port: port, hosts: ["api.example.com", "evil.example"])
            #expect(twice.status == 400)
        }
    }

    @Test("serve: a COGNITO_ALLOWED_HOSTS entry with a port is a configuration error, exit status 2")
    func serveRefusesBadAllowedHosts() async throws {
        let serve = try CommandLineProcess(
            ["serve", "--port", "1", "--database", DemoEndToEndTests.databasePath()], port: 1,
            environment: [
                "COGNITO_AWS_REGION": "eu-west-1", "COGNITO_USER_POOL": "eu-west-1_HostPool",
                "COGNITO_AUDIENCE": "client", "COGNITO_ALLOWED_HOSTS": "api.example.com:443",
            ])
        #expect(try await serve.waitForExit() == 2)
        #expect(serve.standardError.contains("COGNITO_ALLOWED_HOSTS"))
        #expect(serve.standardOutput.isEmpty)
    }

    @Test("demo: two Host headers are 400, even when both name the loopback")
    func demoTwoHostHeaders() async throws {
        let database = DemoEndToEndTests.databasePath()
        defer { try? FileManager.default.removeItem(atPath: database) }
        let demo = try await DemoEndToEndTests.startDemo(database: database)
        let port = demo.port
        let twice = try await Self.get("/health", port: port, hosts: ["127.0.0.1:\(port)", "127.0.0.1:\(port)"])
        #expect(twice.status == 400)
        #expect(twice.body.contains(#""error":"bad_request""#))
        #expect(try await Self.get("/metrics", port: port, hosts: ["evil.example"]).status == 421)
        #expect(try await Self.get("/health", port: port, hosts: ["127.0.0.1:\(port)"]).status == 200)
        demo.process.interrupt()
        #expect(try await demo.waitForExit() == 0)
    }
}
