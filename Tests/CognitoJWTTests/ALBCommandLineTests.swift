import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// `cognito-jwt verify-alb` run as a process, against a local ALB's key server: exit codes, stdout and stderr as
/// `verify` has them.
@Suite("cognito-jwt verify-alb")
struct ALBCommandLineTests {
    let cli = CommandLineTests()

    /// Runs `cognito-jwt` off the concurrency pool, on which the in-process key server writes its answers.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandLineTests.Run {
        try await cli.runOffPool(arguments, environment: environment)
    }

    /// `verify-alb` with the options that name `alb`, its pool and its key server, then `extra` and `token`.
    func verifyALB(
        _ alb: LocalALB, _ server: LocalHTTPServer, _ extra: [String] = [], token: String,
        environment: [String: String] = [:]
    ) async throws -> CommandLineTests.Run {
        try await run(
            [
                "verify-alb", "--alb-arn", alb.arn, "--issuer", alb.pool.issuer, "--client-id", alb.pool.clientID,
                "--key-url", server.baseURL,
            ] + extra + [token], environment: environment)
    }

    @Test("accepted: exit 0, the claims as one JSON object on stdout, the key fetched from --key-url")
    func accepted() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let result = try await verifyALB(alb, server, token: alb.dataToken(username: "alice"))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
            #expect(result.stdout.split(separator: "\n").count == 1)
            let claims = try StrictJSON.parseObject(Array(result.stdout.utf8))
            #expect(claims["sub"]?.stringValue == sharedIssuer.subject(for: "alice"))
            #expect(claims["username"]?.stringValue == "alice")
            #expect(claims["email"]?.stringValue == "alice@example.com")
            #expect(server.requestedPaths == ["/" + alb.signingKeys[0].kid])
        }
    }

    @Test("the pool by --region and --user-pool, two --alb-arn, two --client-id")
    func poolByRegion() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let result = try await run([
                "verify-alb", "--alb-arn", ALBConfigurationTests.arn, "--alb-arn", alb.arn, "--region",
                sharedIssuer.region, "--user-pool", sharedIssuer.userPoolID, "--client-id", "other", "--client-id",
                sharedIssuer.clientID, "--key-url", server.baseURL, alb.dataToken(username: "bob"),
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try StrictJSON.parseObject(Array(result.stdout.utf8))["username"]?.stringValue == "bob")
        }
    }

    @Test("the environment fills what the options leave out; options win over it")
    func environment() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let environment = [
                "COGNITO_ALB_ARN": alb.arn, "COGNITO_AWS_REGION": sharedIssuer.region,
                "COGNITO_USER_POOL": sharedIssuer.userPoolID, "COGNITO_AUDIENCE": sharedIssuer.clientID,
                "COGNITO_ALB_KEY_URL": server.baseURL, "COGNITO_LEEWAY_SECONDS": "0",
            ]
            let token = alb.dataToken(username: "alice")
            let ok = try await run(["verify-alb", token], environment: environment)
            #expect(ok.status == 0, "\(ok.stderr)")
            let foreign =
                "arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/app/evil/50dc6c495c0c9188"
            let overridden = try await run(["verify-alb", "--alb-arn", foreign, token], environment: environment)
            #expect(overridden.status == 1)
            #expect(overridden.stderr.hasPrefix("rejected: wrong_signer: "))
            var issuerInEnvironment = environment
            issuerInEnvironment["COGNITO_ISSUER"] = "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"
            let poolFromOptions = try await run(
                ["verify-alb", "--user-pool", sharedIssuer.userPoolID, token], environment: issuerInEnvironment)
            #expect(
                poolFromOptions.status == 0, "the pool comes from the options as a whole: \(poolFromOptions.stderr)")
            #expect(server.requestCount == 2, "one fetch per accepted run, none for the wrong signer")
        }
    }

    @Test(
        "rejected: exit 1, stdout empty, one line `rejected: CODE: message` on stderr",
        arguments: [
            ("signer", "wrong_signer"), ("client", "wrong_audience"), ("alg", "unsupported_algorithm"),
            ("kid", "malformed"), ("iss", "wrong_issuer"),
        ])
    func rejected(member: String, code: String) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let token = alb.dataToken(username: "alice", header: [member: "../foreign"])
            let result = try await verifyALB(alb, server, token: token)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("rejected: \(code): ") == true, "\(result.stderr)")
            #expect(!result.stderr.contains(segments(token)[0].prefix(16)))
            #expect(server.requestCount == 0)
        }
    }

    @Test("--now after the exp is `rejected: expired:`, --leeway tolerates a little; a 404 is unknown_key")
    func expired() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let exp = 1_800_000_000
            let fixed: JSONObject = ["exp": .number(String(exp))]
            let token = alb.dataToken(username: "alice", header: fixed, claims: fixed)
            let late = try await verifyALB(alb, server, ["--now", "\(exp + 10)"], token: token)
            #expect(late.status == 1)
            #expect(late.stdout.isEmpty)
            #expect(late.stderr.hasPrefix("rejected: expired: "), "\(late.stderr)")
            let tolerated = try await verifyALB(alb, server, ["--now", "\(exp + 10)", "--leeway", "30"], token: token)
            #expect(tolerated.status == 0, "\(tolerated.stderr)")
            let early = try await verifyALB(alb, server, ["--now", "\(exp - 10)"], token: token)
            #expect(early.status == 0, "\(early.stderr)")
            let stranger = alb.dataToken(username: "alice", signingKey: .generate())
            let unknown = try await verifyALB(alb, server, token: stranger)
            #expect(unknown.status == 1)
            #expect(unknown.stderr.hasPrefix("rejected: unknown_key: "), "\(unknown.stderr)")
        }
    }

    @Test("an unreachable --key-url is `rejected: jwks_unavailable:`")
    func unreachable() async throws {
        let alb = makeALB()
        let server = try await LocalHTTPServer.start { _ in .status(200) }
        try await server.shutdown()
        let result = try await verifyALB(alb, server, token: alb.dataToken(username: "alice"))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("rejected: jwks_unavailable: "), "\(result.stderr)")
    }

    static let goodARN = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/a/50dc6c495c0c9188"
    static let pool = ["--issuer", "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_P", "--client-id", "c"]

    @Test(
        "usage and configuration errors exit 2",
        arguments: [
            ["verify-alb"], ["verify-alb", "a.b.c"], ["verify-alb"] + pool + ["a.b.c"],
            ["verify-alb", "--alb-arn", "arn:aws:elasticloadbalancing:eu-central-1:1:loadbalancer/app/a/b"] + pool
                + ["a.b.c"],
            ["verify-alb", "--alb-arn", "not-an-arn"] + pool + ["a.b.c"],
            ["verify-alb", "--alb-arn", goodARN, "--issuer", "https://i", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN, "--client-id", "c", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN, "--region", "eu-central-1", "--client-id", "c", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN, "--user-pool", "LocalPool", "--client-id", "c", "a.b.c"],
            [
                "verify-alb", "--alb-arn", goodARN, "--issuer", "https://i", "--user-pool", "eu-central-1_P",
                "--client-id", "c", "a.b.c",
            ],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--now", "soon", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--now", "nan", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--leeway", "x", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--leeway", "-5", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--key-url", "http://keys.example.com", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--key-url", "http://127.0.0.1:1/", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["--unknown", "a.b.c"],
            ["verify-alb", "--alb-arn", goodARN] + pool + ["a.b.c", "d.e.f"],
        ])
    func usage(arguments: [String]) async throws {
        let result = try await run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test("a bad ARN's error names the ARN")
    func badARNMessage() async throws {
        let arn = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/n/50dc6c495c0c9188"
        let result = try await run(["verify-alb", "--alb-arn", arn] + Self.pool + ["a.b.c"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(arn), "\(result.stderr)")
    }

    @Test("verify-alb is listed in the command's help")
    func help() async throws {
        let result = try await run(["--help"])
        #expect(result.stdout.contains("verify-alb"))
    }
}
