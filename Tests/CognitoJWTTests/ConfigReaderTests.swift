import CognitoJWT
import CognitoJWTTesting
import Configuration
import Foundation
import ServiceLifecycle
import SystemPackage
import Testing

@testable import CognitoJWTConfiguration

/// The whole configuration from a swift-configuration `ConfigReader`: environment variables, JSON and YAML
/// files, command-line arguments; the same validation; client ids reloaded without a restart.
@Suite("Configuration from a ConfigReader")
struct ConfigReaderTests {
    /// Every setting, as environment variables.
    static let environment: [String: String] = [
        "COGNITO_AWS_REGION": "eu-central-1", "COGNITO_USER_POOL": "eu-central-1_xYzaq",
        "COGNITO_AUDIENCE": "client-a, client-b", "COGNITO_TOKEN_USE": "access",
        "COGNITO_JWKS_URL": "https://keys.example/jwks.json", "COGNITO_LEEWAY_SECONDS": "2.5",
        "COGNITO_JWKS_TIMEOUT_SECONDS": "3", "COGNITO_JWKS_COOLDOWN_SECONDS": "20",
        "COGNITO_JWKS_BACKOFF_SECONDS": "2", "COGNITO_JWKS_MAX_BACKOFF_SECONDS": "30",
        "COGNITO_CACHE_CAPACITY": "500", "COGNITO_REALM": "shop",
    ]

    /// What ``environment`` configures.
    static func expectEnvironmentConfiguration(_ configuration: CognitoConfiguration) throws {
        let pool = try #require(configuration.pools.first)
        #expect(configuration.pools.count == 1)
        #expect(pool.issuer == "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq")
        #expect(pool.clientIDs == ["client-a", "client-b"])
        #expect(pool.tokenUse == .access)
        guard case .url(let url) = pool.keySource else {
            Issue.record("expected a JWKS URL")
            return
        }
        #expect(url == "https://keys.example/jwks.json")
        #expect(configuration.leeway == .milliseconds(2500))
        #expect(configuration.jwksOptions.timeout == .seconds(3))
        #expect(configuration.jwksOptions.cooldown == .seconds(20))
        #expect(configuration.jwksOptions.failureBackoff == .seconds(2))
        #expect(configuration.jwksOptions.maximumFailureBackoff == .seconds(30))
        #expect(configuration.cacheCapacity == 500)
        #expect(configuration.realm == "shop")
    }

    @Test("environment variables through EnvironmentVariablesProvider configure what fromEnvironment does")
    func environmentProvider() throws {
        try Self.expectEnvironmentConfiguration(.fromEnvironment(Self.environment))
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: Self.environment))
        try Self.expectEnvironmentConfiguration(CognitoConfiguration(reader: reader))
    }

    @Test(
        "each key is its environment variable in EnvironmentVariablesProvider", arguments: CognitoConfigurationKey.all)
    func keyNames(_ key: CognitoConfigurationKey) {
        let reader = ConfigReader(
            provider: EnvironmentVariablesProvider(environmentVariables: [key.environmentVariable: "value"]))
        #expect(reader.string(forKey: key.configKey) == "value")
        #expect(key.name.hasPrefix("cognito."))
    }

    @Test("a JSON file, with numbers and a list of client ids")
    func jsonFile() async throws {
        let path = try Self.write(
            """
            {"cognito": {"aws": {"region": "eu-central-1"}, "userPool": "eu-central-1_xYzaq",
                         "audience": ["client-a", "client-b"], "tokenUse": "access", "leewaySeconds": 2.5,
                         "jwks": {"url": "https://keys.example/jwks.json", "timeoutSeconds": 3, "cooldownSeconds": 20,
                                  "backoffSeconds": 2, "maxBackoffSeconds": 30},
                         "cacheCapacity": 500, "realm": "shop"}}
            """, extension: "json")
        let reader = ConfigReader(provider: try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
        try Self.expectEnvironmentConfiguration(CognitoConfiguration(reader: reader))
    }

    @Test("a YAML file")
    func yamlFile() async throws {
        let path = try Self.write(
            """
            cognito:
              aws:
                region: eu-central-1
              userPool: eu-central-1_xYzaq
              audience: [client-a, client-b]
              tokenUse: access
              leewaySeconds: 2.5
              jwks:
                url: https://keys.example/jwks.json
                timeoutSeconds: 3
                cooldownSeconds: 20
                backoffSeconds: 2
                maxBackoffSeconds: 30
              cacheCapacity: 500
              realm: shop
            """, extension: "yaml")
        let reader = ConfigReader(provider: try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
        try Self.expectEnvironmentConfiguration(CognitoConfiguration(reader: reader))
    }

    @Test("command-line arguments, ahead of the environment")
    func commandLine() throws {
        var arguments = ["serve"]
        for (name, value) in Self.environment {
            arguments += ["--" + name.lowercased().replacingOccurrences(of: "_", with: "-"), value]
        }
        let reader = ConfigReader(providers: [
            CommandLineArgumentsProvider(arguments: arguments),
            EnvironmentVariablesProvider(environmentVariables: ["COGNITO_TOKEN_USE": "id"]),
        ])
        try Self.expectEnvironmentConfiguration(CognitoConfiguration(reader: reader))
    }

    @Test(
        "the same start-up validation and messages as the environment",
        arguments: [
            ["COGNITO_AWS_REGION": "eu-central-1"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_TOKEN_USE": "refresh"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_LEEWAY_SECONDS": "soon"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_JWKS_TIMEOUT_SECONDS": "0"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_CACHE_CAPACITY": "-1"],
            ["COGNITO_ISSUER": "https://x", "COGNITO_REALM": "a\u{7}b"],
            [:],
        ] as [[String: String]])
    func sameValidation(_ environment: [String: String]) throws {
        let expected = Result { () throws(CognitoConfigurationError) in
            try CognitoConfiguration.fromEnvironment(environment)
        }
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
        let read = Result { () throws(CognitoConfigurationError) in try CognitoConfiguration(reader: reader) }
        guard case .failure(let expectedError) = expected, case .failure(let readError) = read else {
            Issue.record("both should fail")
            return
        }
        #expect(readError.message == expectedError.message)
        #expect(readError.message.contains("COGNITO_"))
    }

    @Test("a secret value is redacted from a configuration error")
    func secretRedacted() {
        let secret = CognitoConfigurationKey(
            "cognito.tokenUse", environmentVariable: "COGNITO_TOKEN_USE", isSecret: true)
        let issuer = CognitoConfigurationKey.all.first { $0.environmentVariable == "COGNITO_ISSUER" }!
        let audience = CognitoConfigurationKey.all.first { $0.environmentVariable == "COGNITO_AUDIENCE" }!
        #expect {
            try CognitoConfiguration(settingValues: [issuer: "https://x", audience: "c", secret: "s3cr3t-value"])
        } throws: { error in
            let message = (error as? CognitoConfigurationError)?.message ?? ""
            return message.contains("<redacted>") && !message.contains("s3cr3t-value")
        }
    }

    @Test("a reloaded list of client ids takes effect without a restart, cached tokens included")
    func reloadInMemory() async throws {
        let issuer = sharedIssuer
        let provider = MutableInMemoryProvider(initialValues: [
            "cognito.issuer": .init(.string(issuer.issuer), isSecret: false),
            "cognito.audience": .init(.string("another-client"), isSecret: false),
            "cognito.jwks.url": .init(.string("http://127.0.0.1:9/unused"), isSecret: false),
        ])
        let reader = ConfigReader(provider: provider)
        let verifier = try CognitoVerifier(
            pools: CognitoConfiguration(reader: reader).pools.map { pool in
                var pool = pool
                pool.keySource = .document(issuer.jwksJSON)
                return pool
            })
        let token = issuer.accessToken(username: "alice")
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .wrongAudience)
        try await Self.whileReloading(verifier: verifier, reader: reader) {
            provider.setValue(
                .init(.string("another-client, \(issuer.clientID)"), isSecret: false), forKey: "cognito.audience")
            try await Self.waitUntil { verifier.clientIDs(ofPoolWithIssuer: issuer.issuer)?.ids.count == 2 }
            _ = try await verifier.verify(token)
            _ = try await verifier.verify(token)  // cached
            provider.setValue(.init(.string("another-client"), isSecret: false), forKey: "cognito.audience")
            try await Self.waitUntil { verifier.clientIDs(ofPoolWithIssuer: issuer.issuer) == ["another-client"] }
            #expect(
                await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .wrongAudience)
        }
        provider.setValue(.init(.string("refresh"), isSecret: false), forKey: "cognito.tokenUse")
        provider.setValue(.init(.string(issuer.clientID), isSecret: false), forKey: "cognito.audience")
        let reloader = CognitoConfigurationReloader(verifier: verifier, reader: reader)
        #expect(reloader.apply(reader.snapshot()).isEmpty)  // does not validate: the previous ids stay
        #expect(verifier.clientIDs(ofPoolWithIssuer: issuer.issuer) == ["another-client"])
        provider.setValue(nil, forKey: "cognito.tokenUse")
        #expect(reloader.apply(reader.snapshot()) == [issuer.issuer])
        _ = try await verifier.verify(token)
    }

    @Test("a JSON file reloaded by ReloadingFileProvider changes the accepted client ids")
    func reloadFile() async throws {
        let issuer = sharedIssuer
        func document(_ audience: [String]) -> String {
            let list = audience.map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"cognito": {"issuer": "\#(issuer.issuer)", "audience": [\#(list)]}}"#
        }
        let path = try Self.write(document(["another-client"]), extension: "json")
        let file = try await ReloadingFileProvider<JSONSnapshot>(
            filePath: FilePath(path), pollInterval: .milliseconds(20))
        let reader = ConfigReader(provider: file)
        var pool = try #require(CognitoConfiguration(reader: reader).pools.first)
        pool.keySource = .document(issuer.jwksJSON)
        let verifier = try CognitoVerifier(pools: [pool])
        let token = issuer.accessToken(username: "alice")
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .wrongAudience)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await file.run() }
            try await Self.whileReloading(verifier: verifier, reader: reader) {
                try document(["another-client", issuer.clientID]).write(toFile: path, atomically: true, encoding: .utf8)
                try await Self.waitUntil { verifier.clientIDs(ofPoolWithIssuer: issuer.issuer)?.ids.count == 2 }
                _ = try await verifier.verify(token)
            }
            group.cancelAll()
        }
    }

    /// Runs `body` while a ``CognitoConfigurationReloader`` watches `reader`.
    static func whileReloading(
        verifier: CognitoVerifier, reader: ConfigReader, _ body: () async throws -> Void
    ) async throws {
        let reloader = CognitoConfigurationReloader(verifier: verifier, reader: reader)
        let task = Task { try await reloader.run() }
        defer { task.cancel() }
        try await body()
    }

    /// Waits for a reload to be applied (at most a minute, checking every 10 ms).
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<6_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the reload was not applied")
    }

    /// A new temporary file with `text`.
    static func write(_ text: String, extension ext: String) throws -> String {
        let path = NSTemporaryDirectory() + "cognito-jwt-config-\(UUID().uuidString).\(ext)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// The README's swift-configuration snippet, run.
@Suite("README configuration snippet")
struct ReadmeConfigurationSnippetTests {
    @Test("builds a verifier from a JSON file and the services that reload it")
    func snippet() async throws {
        let path = try ConfigReaderTests.write(
            #"{"cognito": {"issuer": "https://issuer.example/pool", "audience": "client-a"}}"#, extension: "json")
        let (verifier, services) = try await configuredVerifier(file: path)
        #expect(verifier.clientIDs(ofPoolWithIssuer: "https://issuer.example/pool") == ["client-a"])
        #expect(services.count == 2)
    }
}
