import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// `cognito-jwt` run as a process: exit codes, stdout and stderr exactly as documented.
@Suite("cognito-jwt command line")
struct CommandLineTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The built `cognito-jwt`, beside this test bundle.
    static var binary: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("cognito-jwt")
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// ``run(_:environment:)`` on a thread of its own: waiting for the process must not hold one of the few threads
    /// of the concurrency pool, on which an in-process server (a JWKS, an ALB key server) writes its answers.
    func runOffPool(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let cli = self
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try cli.run(arguments, environment: environment) })
            }
        }
    }

    var jwksFile: String {
        Bundle.module.url(forResource: "Fixtures/aws-samples-step-up-auth/jwks.json", withExtension: nil)!.path
    }
    var pool: [String] { ["--region", "us-east-1", "--user-pool", "us-east-1_iWcTPhZBA"] }

    func realToken() throws -> (token: String, iat: Int) {
        let token = try fixture("aws-samples-step-up-auth/access_token.jwt")
        return (token, Int(try CompactJWS(parsing: token).payload["iat"]!.doubleValue!))
    }

    @Test("accepted: exit 0, the verified claims as one JSON object on stdout")
    func accepted() throws {
        let (token, iat) = try realToken()
        let result = try run(
            ["verify", "--jwks-file", jwksFile] + pool + [
                "--client-id", "6i0o6sela15jdctgeflkmj4gjo", "--token-use", "access", "--scope", "openid",
                "--group", "us-east-1_iWcTPhZBA_adfs", "--now", "\(iat + 60)", token,
            ])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let claims = try StrictJSON.parseObject(Array(result.stdout.utf8))
        #expect(claims["client_id"]?.stringValue == "6i0o6sela15jdctgeflkmj4gjo")
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test(
        "rejected: exit 1, stdout empty, one line `rejected: CODE: message` on stderr",
        arguments: [
            (["--now", "2000000000"], "expired"),
            (["--now", "1000000000"], "not_yet_valid"),
            (["--token-use", "id"], "wrong_token_use"),
            (["--client-id", "other"], "wrong_audience"),
            (["--scope", "admin"], "missing_scope"),
            (["--group", "admins"], "missing_group"),
        ])
    func rejected(extra: [String], code: String) throws {
        let (token, iat) = try realToken()
        let now = extra.contains("--now") ? [] : ["--now", "\(iat + 60)"]
        let client = extra.contains("--client-id") ? [] : ["--client-id", "6i0o6sela15jdctgeflkmj4gjo"]
        let result = try run(["verify", "--jwks-file", jwksFile] + pool + now + client + extra + [token])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("rejected: \(code): ") == true, "\(result.stderr)")
    }

    @Test(
        "rejected tokens of every shape",
        arguments: [
            ("not-a-token", "malformed"),
            ("eyJhbGciOiJub25lIn0.e30.", "malformed"),
            ("eyJhbGciOiJIUzI1NiIsImtpZCI6IngifQ.e30.AA", "unsupported_algorithm"),
        ])
    func shapes(token: String, code: String) throws {
        let result = try run(["verify", "--jwks-file", jwksFile, "--client-id", "*"] + pool + [token])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("rejected: \(code): "))
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "usage and configuration errors exit 2",
        arguments: [
            ["verify"],
            ["verify", "--jwks-file", "/x", "--region", "us-east-1", "--user-pool", "p", "a.b.c", "d.e.f"],
            ["verify", "--jwks-file", "/x", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--region", "us-east-1", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--user-pool", "LocalPool", "a.b.c"],
            [
                "verify", "--jwks-file", "/x", "--region", "us-east-1", "--user-pool", "p", "--token-use", "refresh",
                "a.b.c",
            ],
            ["verify", "--jwks-file", "/x", "--region", "us-east-1", "--user-pool", "p", "--now", "soon", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--region", "us-east-1", "--user-pool", "p", "--now", "nan", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--region", "us-east-1", "--user-pool", "p", "--leeway", "x", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--region", "us-east-1", "--user-pool", "p", "--leeway", "-5", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--jwks-url", "http://127.0.0.1:1/", "--issuer", "https://i", "a.b.c"],
            ["verify", "--jwks-file", "/x", "--issuer", "https://i", "--unknown", "a.b.c"],
            ["frobnicate"],
        ])
    func usage(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "no client id, or a list that names none, is a configuration error (exit 2), never every app client",
        arguments: [[], ["--client-id", ","], ["--client-id", " "], ["--client-id", "*", "--client-id", "a"]])
    func noClientID(clients: [String]) throws {
        let (token, iat) = try realToken()
        let result = try run(["verify", "--jwks-file", jwksFile] + pool + clients + ["--now", "\(iat + 60)", token])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("COGNITO_AUDIENCE"))
        let every = try run(
            ["verify", "--jwks-file", jwksFile] + pool + ["--client-id", "*", "--now", "\(iat + 60)", token])
        #expect(every.status == 0, "\(every.stderr)")
    }

    @Test("the environment fills what flags leave out")
    func environment() throws {
        let (token, iat) = try realToken()
        let environment = [
            "COGNITO_AWS_REGION": "us-east-1", "COGNITO_USER_POOL": "us-east-1_iWcTPhZBA",
            "COGNITO_AUDIENCE": "6i0o6sela15jdctgeflkmj4gjo", "COGNITO_TOKEN_USE": "access",
            "COGNITO_LEEWAY_SECONDS": "0",
        ]
        let ok = try run(["verify", "--jwks-file", jwksFile, "--now", "\(iat + 60)", token], environment: environment)
        #expect(ok.status == 0)
        var wrongAudience = environment
        wrongAudience["COGNITO_AUDIENCE"] = "someone-else"
        let rejected = try run(
            ["verify", "--jwks-file", jwksFile, "--now", "\(iat + 60)", token], environment: wrongAudience)
        #expect(rejected.status == 1)
        #expect(rejected.stderr.hasPrefix("rejected: wrong_audience: "))
        var wrongUse = environment
        wrongUse["COGNITO_TOKEN_USE"] = "sometimes"
        #expect(try run(["verify", "--jwks-file", jwksFile, token], environment: wrongUse).status == 2)
    }

    @Test("--jwks-url fetches over HTTP; an unreachable or slow JWKS is jwks_unavailable, within 10 s")
    func jwksURL() async throws {
        let issuer = sharedIssuer
        let server = try await issuer.startJWKSServer()
        let slow = try await LocalHTTPServer.start { _ in .init(steps: [.pause(.seconds(30))]) }
        defer {
            Task {
                try? await server.shutdown(); try? await slow.shutdown()
            }
        }
        let token = issuer.accessToken(username: "alice")
        let args = ["verify", "--issuer", issuer.issuer, "--client-id", issuer.clientID]
        let ok = try await runOffPool(args + ["--jwks-url", server.baseURL + issuer.jwksPath, token])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try StrictJSON.parseObject(Array(ok.stdout.utf8))["username"]?.stringValue == "alice")
        let missing = try await runOffPool(args + ["--jwks-url", server.baseURL + "/nope", token])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("rejected: jwks_unavailable: "))
        let hanging = try await runOffPool(args + ["--jwks-url", slow.baseURL + "/jwks.json", token])
        #expect(hanging.status == 1)
        #expect(hanging.stderr.hasPrefix("rejected: jwks_unavailable: "))
    }

    @Test("decode prints header and payload, marked unverified")
    func decode() throws {
        let (token, _) = try realToken()
        let result = try run(["decode", token])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("UNVERIFIED"))
        #expect(result.stdout.contains(#""client_id": "6i0o6sela15jdctgeflkmj4gjo""#))
        #expect(result.stdout.contains(#""alg": "RS256""#))
        let bad = try run(["decode", "x.y"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: malformed: "))
    }

    @Test("jwks lists keys, sizes and usability")
    func jwks() throws {
        let result = try run(["jwks", "--jwks-file", jwksFile])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix("\t2048\tyes") })
    }

    /// Whether `text` holds a scalar a terminal would act on: C0 controls but the newline and the tab that
    /// separate lines and columns, C1 controls, DEL, bidi controls.
    func hasTerminalControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && JSONValue.needsEscapeForTerminals($0) }
    }

    /// ESC, BEL, CR, LF, a C1 CSI, a bidi override and a tab.
    static let hostile = "k\u{1B}[2J\u{07}\r\nX\u{9B}1m\u{202E}txt\t"

    @Test("jwks escapes the control characters of untrusted kid, kty, alg and use")
    func jwksEscapesControls() throws {
        let key = sharedIssuer.signingKeys[0].jwk
        var hostileKey = key
        hostileKey["kid"] = .string(Self.hostile)
        var unusable = key
        unusable["kid"] = "plain"
        unusable["kty"] = .string("RSA\u{1B}]0;title\u{07}")
        unusable["use"] = .string("sig\u{202E}")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try JSONValue.object(["keys": [.object(hostileKey), .object(unusable)]]).jsonText
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(["jwks", "--jwks-file", file.path])
        #expect(result.status == 0)
        #expect(!hasTerminalControls(result.stdout))
        #expect(result.stdout.split(separator: "\n").count == 3)
        #expect(result.stdout.contains(#"k\u{1B}[2J\u{7}\u{D}\u{A}X\u{9B}1m\u{202E}txt\u{9}"#))
        #expect(result.stdout.contains(#"RSA\u{1B}]0;title\u{7}"#))
    }

    @Test("decode and verify print untrusted claims as JSON with every terminal control escaped")
    func jsonOutputEscapesControls() throws {
        var claims = accessClaims()
        claims["username"] = .string(Self.hostile)
        claims["exp"] = .number(String(Int(Date().timeIntervalSince1970) + 600))
        claims["iat"] = .number(String(Int(Date().timeIntervalSince1970) - 10))
        let token = signRaw(header: cognitoHeader(), payload: json(claims))
        let decoded = try run(["decode", token])
        #expect(decoded.status == 0)
        #expect(!hasTerminalControls(decoded.stdout))
        #expect(decoded.stdout.contains(#""k\u001b[2J\u0007\r\nX\u009b1m\u202etxt\t""#))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try sharedIssuer.jwksJSON.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let verified = try run([
            "verify", "--issuer", sharedIssuer.issuer, "--client-id", sharedIssuer.clientID, "--jwks-file", file.path,
            token,
        ])
        #expect(verified.status == 0)
        #expect(!hasTerminalControls(verified.stdout))
        let parsed = try StrictJSON.parseObject(Array(verified.stdout.utf8))
        #expect(parsed["username"]?.stringValue == Self.hostile)
    }
}
