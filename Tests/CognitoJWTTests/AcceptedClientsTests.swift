import CognitoJWT
import CognitoJWTTesting
import Configuration
import Foundation
import SystemPackage
import Testing

@testable import CognitoJWTConfiguration

/// "Every app client" is an explicit choice (`*`, ``AcceptedClients/every``), never what an empty, unset or lost
/// setting means: at start-up, in the API, and on a reload.
@Suite("Accepted app clients fail closed")
struct AcceptedClientsTests {
    let issuer = sharedIssuer

    /// The environment of a pool given by its issuer, with `audience` as `COGNITO_AUDIENCE` (or none).
    func environment(audience: String?) -> [String: String] {
        var values = ["COGNITO_ISSUER": issuer.issuer]
        if let audience { values["COGNITO_AUDIENCE"] = audience }
        return values
    }

    @Test("a COGNITO_AUDIENCE that names no client id is a configuration error", arguments: [",", " , ", ",,", " "])
    func emptyList(_ audience: String) {
        #expect(throws: CognitoConfigurationError.self) {
            try CognitoConfiguration.fromEnvironment(environment(audience: audience))
        }
    }

    @Test("an unset COGNITO_AUDIENCE is a configuration error, not every app client")
    func unset() throws {
        let error = #expect(throws: CognitoConfigurationError.self) {
            try CognitoConfiguration.fromEnvironment(environment(audience: nil))
        }
        #expect(error?.message.contains("COGNITO_AUDIENCE") == true)
    }

    @Test("* alone is every app client; * among ids is an error")
    func star() throws {
        let every = try CognitoConfiguration.fromEnvironment(environment(audience: " * "))
        #expect(every.pools.first?.clientIDs == .every)
        let listed = try CognitoConfiguration.fromEnvironment(environment(audience: "a, b ,"))
        #expect(listed.pools.first?.clientIDs == ["a", "b"])
        #expect(throws: CognitoConfigurationError.self) {
            try CognitoConfiguration.fromEnvironment(environment(audience: "*,a"))
        }
    }

    @Test("a pool whose list names no client id, or an empty one, is refused by the verifier")
    func emptyPool() {
        for clients: AcceptedClients in [[], [""], ["a", "*"]] {
            #expect(throws: CognitoConfigurationError.self) {
                try CognitoVerifier(
                    pools: [
                        CognitoPool(issuer: issuer.issuer, clientIDs: clients, keySource: .document(issuer.jwksJSON))
                    ]
                )
            }
        }
    }

    @Test("only .every accepts another app client's token")
    func everyAcceptsOthers() async throws {
        let other = try LocalCognitoIssuer(
            region: issuer.region, userPoolID: issuer.userPoolID, clientID: "another-app-client")
        let token = other.sign(accessClaims(), keyIndex: 1)
        let listed = try makeVerifier(clientIDs: ["another-app-client"], jwks: other.jwksJSON)
        let open = try makeVerifier(clientIDs: .every, jwks: other.jwksJSON)
        let closed = try makeVerifier(clientIDs: ["yet-another"], jwks: other.jwksJSON)
        #expect(await rejection { () throws(CognitoJWTError) in try await listed.verify(token) } == .wrongAudience)
        var claims = accessClaims()
        claims["client_id"] = "another-app-client"
        let others = other.sign(claims, keyIndex: 1)
        #expect(await rejection { () throws(CognitoJWTError) in try await listed.verify(others) } == nil)
        #expect(await rejection { () throws(CognitoJWTError) in try await open.verify(others) } == nil)
        #expect(await rejection { () throws(CognitoJWTError) in try await closed.verify(others) } == .wrongAudience)
    }

    @Test("updateClientIDs refuses a list with no id and keeps the ids the pool had")
    func updateRefusesEmpty() async throws {
        let verifier = try makeVerifier(clientIDs: ["only-this"])
        let token = issuer.accessToken(username: "alice", issuedAt: fixedNow)
        #expect(throws: CognitoConfigurationError.self) {
            try verifier.updateClientIDs([], forPoolWithIssuer: issuer.issuer)
        }
        #expect(verifier.clientIDs(ofPoolWithIssuer: issuer.issuer) == ["only-this"])
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .wrongAudience)
        try verifier.updateClientIDs(.every, forPoolWithIssuer: issuer.issuer)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == nil)
    }

    @Test(
        "a reload that loses cognito.audience or names no id keeps the old ids; * widens",
        arguments: [nil, "", ",", " , "] as [String?])
    func reloadKeepsIDs(_ audience: String?) async throws {
        let provider = MutableInMemoryProvider(initialValues: [
            "cognito.issuer": .init(.string(issuer.issuer), isSecret: false),
            "cognito.audience": .init(.string("only-this"), isSecret: false),
        ])
        let reader = ConfigReader(provider: provider)
        var pool = try #require(CognitoConfiguration(reader: reader).pools.first)
        pool.keySource = .document(issuer.jwksJSON)
        let verifier = try CognitoVerifier(pools: [pool])
        let reloader = CognitoConfigurationReloader(verifier: verifier, reader: reader)
        let token = issuer.accessToken(username: "alice")
        provider.setValue(audience.map { .init(.string($0), isSecret: false) }, forKey: "cognito.audience")
        #expect(reloader.apply(reader.snapshot()).isEmpty)
        #expect(verifier.clientIDs(ofPoolWithIssuer: issuer.issuer) == ["only-this"])
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .wrongAudience)
        provider.setValue(.init(.string("*"), isSecret: false), forKey: "cognito.audience")
        #expect(reloader.apply(reader.snapshot()) == [issuer.issuer])
        #expect(verifier.clientIDs(ofPoolWithIssuer: issuer.issuer) == .every)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == nil)
    }

    @Test(
        "a reloaded YAML file caught half-written, or with an empty list, keeps the old ids",
        arguments: ["cognito:\n", "cognito:\n  audience: []\n", "cognito:\n  audiense: [x]\n"])
    func reloadHalfWrittenYAML(_ text: String) async throws {
        let path = try ConfigReaderTests.write(
            "cognito:\n  issuer: \(issuer.issuer)\n  audience: [only-this]\n", extension: "yaml")
        let start = ConfigReader(provider: try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
        var pool = try #require(CognitoConfiguration(reader: start).pools.first)
        pool.keySource = .document(issuer.jwksJSON)
        let verifier = try CognitoVerifier(pools: [pool])
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let reloaded = ConfigReader(provider: try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
        let reloader = CognitoConfigurationReloader(verifier: verifier, reader: reloaded)
        #expect(reloader.apply(reloaded.snapshot()).isEmpty)
        #expect(verifier.clientIDs(ofPoolWithIssuer: issuer.issuer) == ["only-this"])
    }
}

/// The local issuer shares one sign-in's `origin_jti`, `event_id` and `auth_time` between its ID and access token,
/// as Cognito does, so revoking the session reaches both.
@Suite("Local issuer sign-in sessions")
struct LocalIssuerSessionTests {
    @Test("signIn mints an ID and an access token of one session; revoking it refuses both")
    func oneSession() async throws {
        let issuer = sharedIssuer
        let signedIn = issuer.signIn(username: "alice", groups: ["users"], scopes: ["orders/read"], issuedAt: fixedNow)
        let id = try CompactJWS(parsing: signedIn.idToken).payload
        let access = try CompactJWS(parsing: signedIn.accessToken).payload
        for name in ["origin_jti", "event_id", "auth_time"] {
            #expect(id[name] != nil)
            #expect(id[name]?.jsonText == access[name]?.jsonText, "\(name)")
        }
        #expect(id["origin_jti"]?.stringValue == signedIn.session.originTokenID)
        #expect(id["jti"]?.jsonText != access["jti"]?.jsonText)
        let other = issuer.signIn(username: "alice", issuedAt: fixedNow)
        #expect(other.session.originTokenID != signedIn.session.originTokenID)

        let denylist = CognitoTokenDenylist(clock: { Double(fixedNow) })
        let verifier = try CognitoVerifier(
            pools: [
                CognitoPool(issuer: issuer.issuer, clientIDs: [issuer.clientID], keySource: .document(issuer.jwksJSON))
            ],
            clock: { Double(fixedNow) }, revocation: denylist)
        let claims = try await verifier.verify(signedIn.idToken)
        _ = try denylist.revoke(claims)
        for token in [signedIn.idToken, signedIn.accessToken] {
            #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .revoked)
        }
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(other.accessToken) } == nil)
    }
}
