import CognitoJWT
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("the django-cognito-jwt settings configure one pool")
    func environment() throws {
        let configuration = try CognitoConfiguration.fromEnvironment([
            "COGNITO_AWS_REGION": "eu-central-1", "COGNITO_USER_POOL": "eu-central-1_xYzaq",
            "COGNITO_AUDIENCE": "client-a, client-b,,", "COGNITO_TOKEN_USE": "access", "COGNITO_LEEWAY_SECONDS": "2.5",
        ])
        let pool = try #require(configuration.pools.first)
        #expect(pool.issuer == "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq")
        #expect(pool.defaultJWKSURL == pool.issuer + "/.well-known/jwks.json")
        #expect(pool.clientIDs == ["client-a", "client-b"])
        #expect(pool.tokenUse == .access)
        #expect(configuration.leeway == .milliseconds(2500))
        _ = try CognitoVerifier(configuration: configuration)
    }

    @Test("an emulator: explicit issuer and http JWKS URL")
    func emulator() throws {
        let configuration = try CognitoConfiguration.fromEnvironment([
            "COGNITO_ISSUER": "http://127.0.0.1:9229/local_pool",
            "COGNITO_JWKS_URL": "http://127.0.0.1:9229/local_pool/.well-known/jwks.json", "COGNITO_AUDIENCE": "*",
        ])
        #expect(configuration.pools[0].issuer == "http://127.0.0.1:9229/local_pool")
        #expect(configuration.pools[0].tokenUse == .any)
        #expect(configuration.pools[0].clientIDs == .every)
        if case .url(let url) = configuration.pools[0].keySource {
            #expect(url.hasSuffix("/jwks.json"))
        } else {
            Issue.record("expected a URL key source")
        }
    }

    @Test(
        "missing or contradictory settings fail at start-up",
        arguments: [
            [:],
            ["COGNITO_AWS_REGION": "eu-central-1", "COGNITO_AUDIENCE": "c"],
            ["COGNITO_USER_POOL": "xYzaq", "COGNITO_AUDIENCE": "c"],
            [
                "COGNITO_AWS_REGION": "eu-central-1", "COGNITO_USER_POOL": "eu-central-1_x",
                "COGNITO_ISSUER": "https://elsewhere",
            ],
            ["COGNITO_ISSUER": "https://x", "COGNITO_TOKEN_USE": "refresh", "COGNITO_AUDIENCE": "c"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_LEEWAY_SECONDS": "soon", "COGNITO_AUDIENCE": "c"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_LEEWAY_SECONDS": "-1", "COGNITO_AUDIENCE": "c"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_JWKS_URL": "ftp://x/jwks", "COGNITO_AUDIENCE": "c"],
            ["COGNITO_ISSUER": "cognito", "COGNITO_AUDIENCE": "c"],
        ] as [[String: String]])
    func invalid(_ environment: [String: String]) {
        #expect(throws: CognitoConfigurationError.self) { try CognitoConfiguration.fromEnvironment(environment) }
    }

    @Test("agreeing issuer, region and pool are fine")
    func agreeing() throws {
        let configuration = try CognitoConfiguration.fromEnvironment([
            "COGNITO_AUDIENCE": "c",
            "COGNITO_AWS_REGION": "us-east-1", "COGNITO_USER_POOL": "us-east-1_abc",
            "COGNITO_ISSUER": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
        ])
        #expect(configuration.pools.count == 1)
    }

    @Test("flags fill from the environment by group, never mixing issuer parts")
    func merging() throws {
        let environment = CognitoSettings(environment: [
            "COGNITO_AWS_REGION": "us-east-1", "COGNITO_USER_POOL": "us-east-1_env", "COGNITO_AUDIENCE": "env-client",
            "COGNITO_JWKS_URL": "https://env/jwks.json",
        ])
        let flags = CognitoSettings(issuer: "https://flag-issuer", jwksFile: "/tmp/jwks.json")
        let merged = flags.filling(from: environment)
        #expect(merged.region == nil && merged.userPool == nil)
        #expect(try merged.resolvedIssuer() == "https://flag-issuer")
        #expect(merged.jwksURL == nil && merged.jwksFile == "/tmp/jwks.json")
        #expect(try merged.acceptedClients() == ["env-client"])
        let onlyEnvironment = CognitoSettings().filling(from: environment)
        #expect(try onlyEnvironment.resolvedIssuer() == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_env")
    }

    @Test("a verifier needs a pool, distinct issuers and a readable in-memory JWKS")
    func verifierConfiguration() {
        #expect(throws: CognitoConfigurationError.self) { try CognitoVerifier(pools: []) }
        let pool = CognitoPool(region: "us-east-1", userPoolID: "us-east-1_a", clientIDs: .every)
        #expect(throws: CognitoConfigurationError.self) { try CognitoVerifier(pools: [pool, pool]) }
        #expect(throws: CognitoConfigurationError.self) {
            try CognitoVerifier(pools: [CognitoPool(issuer: "https://x", clientIDs: .every, keySource: .document("{"))])
        }
        #expect(throws: CognitoConfigurationError.self) {
            try CognitoVerifier(pools: [
                CognitoPool(issuer: "https://x", clientIDs: .every, keySource: .url("file:///etc/passwd"))
            ])
        }
        #expect(throws: CognitoConfigurationError.self) { try CognitoVerifier(pools: [pool], leeway: .seconds(-1)) }
    }

    @Test("the JWKS fetch limits come from COGNITO_JWKS_*_SECONDS; bad values name the variable")
    func jwksFetchLimits() throws {
        let base = [
            "COGNITO_AWS_REGION": "eu-central-1", "COGNITO_USER_POOL": "eu-central-1_xYzaq", "COGNITO_AUDIENCE": "c",
        ]
        let defaults = try CognitoConfiguration.fromEnvironment(base).jwksOptions
        #expect(defaults.timeout == .seconds(5) && defaults.cooldown == .seconds(10))
        #expect(defaults.failureBackoff == .seconds(1) && defaults.maximumFailureBackoff == .seconds(60))
        let options = try CognitoConfiguration.fromEnvironment(
            base.merging([
                "COGNITO_JWKS_TIMEOUT_SECONDS": "1.5", "COGNITO_JWKS_COOLDOWN_SECONDS": "0",
                "COGNITO_JWKS_BACKOFF_SECONDS": " 0.25 ", "COGNITO_JWKS_MAX_BACKOFF_SECONDS": "30",
            ]) { $1 }
        ).jwksOptions
        #expect(options.timeout == .milliseconds(1500) && options.cooldown == .zero)
        #expect(options.failureBackoff == .milliseconds(250) && options.maximumFailureBackoff == .seconds(30))
        for (name, value) in [
            ("COGNITO_JWKS_TIMEOUT_SECONDS", "0"), ("COGNITO_JWKS_TIMEOUT_SECONDS", "soon"),
            ("COGNITO_JWKS_COOLDOWN_SECONDS", "-1"), ("COGNITO_JWKS_BACKOFF_SECONDS", "nan"),
            ("COGNITO_JWKS_MAX_BACKOFF_SECONDS", "3601"),
        ] {
            let error = #expect(throws: CognitoConfigurationError.self) {
                try CognitoConfiguration.fromEnvironment(base.merging([name: value]) { $1 })
            }
            #expect(error?.message.contains(name) == true && error?.message.contains(value) == true)
        }
        #expect(throws: CognitoConfigurationError.self) {
            try CognitoConfiguration.fromEnvironment(
                base.merging(["COGNITO_JWKS_BACKOFF_SECONDS": "10", "COGNITO_JWKS_MAX_BACKOFF_SECONDS": "5"]) { $1 })
        }
    }
}
