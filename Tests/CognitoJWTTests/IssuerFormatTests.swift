import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// Both Cognito issuer forms, replica regions and the region a pool id carries.
@Suite("Issuer formats and replica regions")
struct IssuerFormatTests {
    @Test("a pool by pool id accepts both issuer forms by default, each with its own JWKS URL")
    func bothForms() throws {
        let pool = CognitoPool(userPoolID: "eu-central-1_xYzaq", clientIDs: .every)
        #expect(pool.region == "eu-central-1")
        #expect(
            pool.issuers.map(\.issuer) == [
                "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq",
                "https://issuer-cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq",
            ])
        #expect(
            pool.issuers.map(\.jwksURL) == [
                "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq/.well-known/jwks.json",
                "https://issuer-cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq/.well-known/jwks.json",
            ])
        #expect(pool.issuer == "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_xYzaq")
        let verifier = try CognitoVerifier(pools: [pool])
        #expect(verifier.keyStores.map(\.location) == pool.issuers.map(\.jwksURL))
    }

    @Test("original only, updated only, and replica regions")
    func formats() throws {
        let original = CognitoPool(
            region: "us-east-1", userPoolID: "us-east-1_abc", clientIDs: .every, issuerFormat: .original)
        #expect(original.issuers.map(\.form) == [.original])
        let updated = CognitoPool(userPoolID: "us-east-1_abc", clientIDs: .every, issuerFormat: .updated)
        #expect(updated.issuers.map(\.issuer) == ["https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"])
        let replicated = CognitoPool(
            userPoolID: "us-east-1_abc", clientIDs: .every, replicaRegions: ["us-west-2", "us-west-2", "us-east-1"])
        #expect(
            replicated.issuers.map(\.issuer) == [
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
                "https://cognito-idp.us-west-2.amazonaws.com/us-east-1_abc",
            ])
        #expect(replicated.replicaRegions == ["us-west-2"])
        #expect(replicated.issuers[2].region == "us-west-2")
        let verifier = try CognitoVerifier(pools: [replicated])
        #expect(verifier.keyStores.count == 3)
    }

    @Test(
        "a region contradicting the pool id, a bad region or pool id, replicas without the original form: start-up errors",
        arguments: [
            CognitoPool(region: "us-west-2", userPoolID: "us-east-1_abc", clientIDs: .every),
            CognitoPool(userPoolID: "xYzaq", clientIDs: .every),
            CognitoPool(region: "US-EAST-1", userPoolID: "abc", clientIDs: .every),
            CognitoPool(userPoolID: "us-east-1_a/../b", clientIDs: .every),
            CognitoPool(userPoolID: "us-east-1_abc", clientIDs: .every, replicaRegions: ["evil.example.com/x"]),
            CognitoPool(
                userPoolID: "us-east-1_abc", clientIDs: .every, issuerFormat: .updated, replicaRegions: ["us-west-2"]),
        ])
    func contradictions(pool: CognitoPool) {
        #expect(throws: CognitoConfigurationError.self) { try CognitoVerifier(pools: [pool]) }
    }

    @Test("a region other than the pool id's is fine when it is a replica region: the pool id names the primary")
    func regionIsReplica() throws {
        let pool = CognitoPool(
            region: "us-west-2", userPoolID: "us-east-1_abc", clientIDs: .every, replicaRegions: ["us-west-2"])
        _ = try CognitoVerifier(pools: [pool])
        #expect(pool.region == "us-east-1")
        #expect(pool.issuers.map(\.region) == ["us-east-1", "us-east-1", "us-west-2"])
    }

    @Test("the environment: region from the pool id, COGNITO_ISSUER_FORMAT, COGNITO_REPLICA_REGIONS")
    func environment() throws {
        let configuration = try CognitoConfiguration.fromEnvironment([
            "COGNITO_AUDIENCE": "c",
            "COGNITO_USER_POOL": "us-east-1_abc", "COGNITO_REPLICA_REGIONS": " us-west-2, eu-west-1 ,",
            "COGNITO_ISSUER_FORMAT": "original",
        ])
        #expect(
            configuration.pools[0].issuers.map(\.issuer) == [
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
                "https://cognito-idp.us-west-2.amazonaws.com/us-east-1_abc",
                "https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_abc",
            ])
        let updated = try CognitoConfiguration.fromEnvironment([
            "COGNITO_AUDIENCE": "c",
            "COGNITO_AWS_REGION": "us-east-1", "COGNITO_USER_POOL": "us-east-1_abc",
            "COGNITO_ISSUER": "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
        ])
        #expect(updated.pools[0].issuers.count == 2)
        for invalid in [
            ["COGNITO_AWS_REGION": "us-west-2", "COGNITO_USER_POOL": "us-east-1_abc"],
            ["COGNITO_USER_POOL": "us-east-1_abc", "COGNITO_ISSUER_FORMAT": "new"],
            ["COGNITO_ISSUER": "http://127.0.0.1:1/p", "COGNITO_REPLICA_REGIONS": "us-west-2"],
            [
                "COGNITO_USER_POOL": "us-east-1_abc", "COGNITO_ISSUER_FORMAT": "updated",
                "COGNITO_REPLICA_REGIONS": "us-west-2",
            ],
        ].map({ $0.merging(["COGNITO_AUDIENCE": "c"]) { a, _ in a } }) {
            #expect(throws: CognitoConfigurationError.self, "\(invalid)") {
                try CognitoConfiguration.fromEnvironment(invalid)
            }
        }
        let replica = try CognitoConfiguration.fromEnvironment([
            "COGNITO_AUDIENCE": "c",
            "COGNITO_AWS_REGION": "us-west-2", "COGNITO_USER_POOL": "us-east-1_abc",
            "COGNITO_REPLICA_REGIONS": "us-west-2",
        ])
        #expect(replica.pools[0].region == "us-east-1")
    }

    @Test("describe: which form and region an iss names; never a match for look-alikes")
    func describe() {
        let original = CognitoIssuer.describe("https://cognito-idp.us-west-2.amazonaws.com/us-east-1_abc")
        #expect(
            original?.form == .original && original?.region == "us-west-2" && original?.userPoolID == "us-east-1_abc")
        let updated = CognitoIssuer.describe("https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_abc")
        #expect(updated?.form == .updated && updated?.region == "us-east-1")
        for lookalike in [
            "https://cognito-idp.us-east-1.amazonaws.com.evil.example/us-east-1_abc",
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/x",
            "http://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", "https://127.0.0.1/p",
        ] {
            #expect(CognitoIssuer.describe(lookalike) == nil, "\(lookalike)")
        }
    }

    /// A verifier for `issuer`'s pool by region and pool id, its issuers' JWKS on `server`, at `fixedNow`.
    func verifier(
        _ issuer: LocalCognitoIssuer, server: LocalHTTPServer, format: CognitoIssuerFormat = .both,
        replicas: [String] = []
    ) throws -> CognitoVerifier {
        try CognitoVerifier(
            pools: [issuer.pool(issuerFormat: format, replicaRegions: replicas, jwksBaseURL: server.baseURL)],
            cacheCapacity: 0, clock: { Double(fixedNow) })
    }

    func token(_ issuer: LocalCognitoIssuer, iss: String) -> String {
        issuer.accessToken(username: "alice", issuedAt: fixedNow - 10, issuer: iss)
    }

    @Test(
        "a pool that uses one form: the other's JWKS answers 403 or 404; hydrate succeeds, the live form verifies, the other is unknown_key",
        arguments: [(CognitoIssuer.Form.original, 403), (.updated, 403), (.original, 404), (.updated, 404)])
    func oneLiveForm(live: CognitoIssuer.Form, absentStatus: Int) async throws {
        let issuer = sharedIssuer
        let liveIssuer = issuer.cognitoIssuer(live)
        let otherIssuer = issuer.cognitoIssuer(live == .original ? .updated : .original)
        let server = try await issuer.startJWKSServer(serving: [liveIssuer], absentStatus: absentStatus)
        defer { Task { try? await server.shutdown() } }
        let verifier = try verifier(issuer, server: server)
        try await verifier.hydrate()
        let claims = try await verifier.verify(token(issuer, iss: liveIssuer))
        #expect(claims.issuer == liveIssuer)
        for _ in 0..<3 {
            let code = await rejection { () throws(CognitoJWTError) in
                try await verifier.verify(token(issuer, iss: otherIssuer))
            }
            #expect(code == .unknownKey)
        }
        // The live form keeps working while the other form is refused, and its JWKS was fetched once.
        _ = try await verifier.verify(token(issuer, iss: liveIssuer))
        #expect(server.requestedPaths.filter { $0 == LocalCognitoIssuer.jwksPath(of: liveIssuer) }.count == 1)
    }

    @Test("each form's JWKS is fetched only when a token of that form first needs it")
    func lazyFetch() async throws {
        let issuer = sharedIssuer
        let original = issuer.cognitoIssuer(.original)
        let updated = issuer.cognitoIssuer(.updated)
        let server = try await issuer.startJWKSServer(serving: [original, updated])
        defer { Task { try? await server.shutdown() } }
        let verifier = try verifier(issuer, server: server)
        _ = try await verifier.verify(token(issuer, iss: updated))
        #expect(server.requestedPaths == [LocalCognitoIssuer.jwksPath(of: updated)])
        _ = try await verifier.verify(token(issuer, iss: original))
        #expect(server.requestedPaths.count == 2)
        _ = try await verifier.verify(token(issuer, iss: updated))
        _ = try await verifier.verify(token(issuer, iss: original))
        #expect(server.requestedPaths.count == 2)
    }

    @Test("a 500 from the other form's JWKS does not fail start-up either; both failing does")
    func hydrateFailures() async throws {
        let issuer = sharedIssuer
        let original = LocalCognitoIssuer.jwksPath(of: issuer.cognitoIssuer(.original))
        let server = try await LocalHTTPServer.start { path in path == original ? .json(issuer.jwksJSON) : .status(500)
        }
        defer { Task { try? await server.shutdown() } }
        try await verifier(issuer, server: server).hydrate()
        let dead = try await issuer.startJWKSServer(serving: [])
        defer { Task { try? await dead.shutdown() } }
        let deadVerifier = try verifier(issuer, server: dead)
        do {
            try await deadVerifier.hydrate()
            Issue.record("hydrate succeeded without any JWKS")
        } catch {
            #expect(error.code == .jwksUnavailable)
        }
    }

    @Test("a kid present only in the other form's JWKS is not trusted for this form")
    func kidOfTheOtherForm() async throws {
        let issuer = sharedIssuer
        let original = issuer.cognitoIssuer(.original)
        let updated = issuer.cognitoIssuer(.updated)
        // The updated form's JWKS holds other keys (a stranger's) than the original form's.
        let server = try await issuer.startJWKSServer(serving: [original, updated]) { iss in
            iss == updated ? sharedStranger.jwksJSON : issuer.jwksJSON
        }
        defer { Task { try? await server.shutdown() } }
        let verifier = try verifier(issuer, server: server)
        try await verifier.hydrate()
        // Signed with the updated form's key, naming the original form: the original JWKS lacks that kid.
        let crossed = sharedStranger.accessToken(username: "mallory", issuedAt: fixedNow - 10, issuer: original)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(crossed) } == .unknownKey)
        // And the other way round.
        let crossedBack = issuer.accessToken(username: "mallory", issuedAt: fixedNow - 10, issuer: updated)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(crossedBack) } == .unknownKey)
        // Each form's own tokens verify.
        _ = try await verifier.verify(
            sharedStranger.accessToken(username: "a", issuedAt: fixedNow - 10, issuer: updated))
        _ = try await verifier.verify(token(issuer, iss: original))
    }

    @Test("the same key in both forms' JWKSs: a token of the form not loaded yet fetches its own JWKS and verifies")
    func sharedKeys() async throws {
        let issuer = sharedIssuer
        let original = issuer.cognitoIssuer(.original)
        let updated = issuer.cognitoIssuer(.updated)
        let server = try await issuer.startJWKSServer(serving: [original, updated])
        defer { Task { try? await server.shutdown() } }
        let verifier = try verifier(issuer, server: server)
        _ = try await verifier.verify(token(issuer, iss: original))
        _ = try await verifier.verify(token(issuer, iss: updated))
        #expect(server.requestedPaths.count == 2)
        #expect(verifier.keyStores.allSatisfy { $0.currentKeySet != nil })
    }

    @Test("replica regions: a token issued through a replica verifies with that region's JWKS; unlisted ones never")
    func replicas() async throws {
        let issuer = sharedIssuer
        let replica = issuer.cognitoIssuer(.original, region: "eu-west-1")
        let elsewhere = issuer.cognitoIssuer(.original, region: "ap-south-1")
        let server = try await issuer.startJWKSServer(serving: [issuer.cognitoIssuer(.original), replica, elsewhere])
        defer { Task { try? await server.shutdown() } }
        let verifier = try verifier(issuer, server: server, format: .original, replicas: ["eu-west-1"])
        let claims = try await verifier.verify(token(issuer, iss: replica))
        #expect(claims.issuer == replica)
        #expect(server.requestedPaths == [LocalCognitoIssuer.jwksPath(of: replica)])
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token(issuer, iss: elsewhere)) }
                == .wrongIssuer)
        let updated = issuer.cognitoIssuer(.updated)
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token(issuer, iss: updated)) }
                == .wrongIssuer)
        #expect(server.requestedPaths.count == 1)
    }

    @Test("an explicit key source serves every issuer form and replica of the pool")
    func explicitKeySource() async throws {
        let issuer = sharedIssuer
        let pool = CognitoPool(
            region: issuer.region, userPoolID: issuer.userPoolID, clientIDs: [issuer.clientID],
            keySource: .document(issuer.jwksJSON), replicaRegions: ["eu-west-1"])
        let verifier = try CognitoVerifier(pools: [pool], clock: { Double(fixedNow) })
        #expect(verifier.keyStores.count == 1)
        try await verifier.hydrate()
        for iss in [
            issuer.cognitoIssuer(.original), issuer.cognitoIssuer(.updated),
            issuer.cognitoIssuer(.original, region: "eu-west-1"),
        ] {
            #expect(try await verifier.verify(token(issuer, iss: iss)).issuer == iss)
        }
    }

    @Test("every issuer form and replica region of a pool yields the pool's one identity on the claims")
    func poolIdentity() async throws {
        let issuer = sharedIssuer
        let other = try LocalCognitoIssuer(region: "eu-north-1", userPoolID: "eu-north-1_Other")
        let verifier = try CognitoVerifier(
            pools: [
                CognitoPool(
                    region: issuer.region, userPoolID: issuer.userPoolID, clientIDs: [issuer.clientID],
                    keySource: .document(issuer.jwksJSON), replicaRegions: ["eu-west-1"]),
                CognitoPool(
                    issuer: "http://127.0.0.1:1/local", clientIDs: .every, keySource: .document(other.jwksJSON)),
            ],
            clock: { Double(fixedNow) })
        for iss in [
            issuer.cognitoIssuer(.original), issuer.cognitoIssuer(.updated),
            issuer.cognitoIssuer(.original, region: "eu-west-1"),
        ] {
            #expect(try await verifier.verify(token(issuer, iss: iss)).poolIdentity == issuer.userPoolID)
        }
        #expect(
            try await verifier.verify(token(other, iss: "http://127.0.0.1:1/local")).poolIdentity
                == "http://127.0.0.1:1/local")
        #expect(CognitoPool.identity(ofIssuer: issuer.cognitoIssuer(.updated)) == issuer.userPoolID)
        #expect(
            CognitoPool.identity(ofIssuer: "https://cognito-idp.us-east-1.amazonaws.com.evil/us-east-1_a")
                != "us-east-1_a")
    }
}
