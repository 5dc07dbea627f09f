import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// The key source against a real HTTP server on 127.0.0.1, behaving well and badly.
@Suite("JWKS key source over HTTP")
struct JWKSKeyStoreTests {
    let issuer = sharedIssuer

    /// A server whose behaviour the test can change while it runs.
    final class Behaviour: Sendable {
        let current: LockedValue<@Sendable (String) -> LocalHTTPServer.Reply>
        init(_ reply: @escaping @Sendable (String) -> LocalHTTPServer.Reply) { current = LockedValue(reply) }
        func set(_ reply: @escaping @Sendable (String) -> LocalHTTPServer.Reply) { current.withLock { $0 = reply } }
    }

    func withServer<T>(
        _ behaviour: Behaviour,
        _ body: (LocalHTTPServer) async throws -> T
    ) async throws -> T {
        try await withLocalServer({ path in behaviour.current.withLock { $0 }(path) }, body)
    }

    func verifier(
        _ server: LocalHTTPServer, options: JWKSFetchOptions = .init(), cache: Int = 0,
        path: String = "/jwks.json"
    ) throws -> CognitoVerifier {
        try CognitoVerifier(
            pools: [issuer.pool(keySource: .url(server.baseURL + path))],
            cacheCapacity: cache, jwksOptions: options)
    }

    func code(_ verifier: CognitoVerifier, _ token: String) async -> CognitoJWTError.Code? {
        await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) }
    }

    var jwks: String { issuer.jwksJSON }
    var token: String { issuer.accessToken(username: "alice") }

    @Test("fetches once, then answers known kids from memory")
    func normal() async throws {
        let jwks = self.jwks
        try await withServer(Behaviour { _ in .json(jwks) }) { server in
            let verifier = try verifier(server)
            #expect(await code(verifier, token) == nil)
            #expect(await code(verifier, issuer.idToken(username: "bob")) == nil)
            #expect(await code(verifier, token) == nil)
            #expect(server.requestCount == 1)
            #expect(server.requestedPaths == ["/jwks.json"])
        }
    }

    @Test("hydrate fetches at start-up")
    func hydrate() async throws {
        let jwks = self.jwks
        try await withServer(Behaviour { _ in .json(jwks) }) { server in
            let verifier = try verifier(server)
            try await verifier.hydrate()
            #expect(server.requestCount == 1)
            #expect(verifier.keyStores.first?.currentKeySet?.keys.count == 2)
            #expect(await code(verifier, token) == nil)
            #expect(server.requestCount == 1)
        }
    }

    @Test(
        "bad answers are jwks_unavailable",
        arguments: [
            "500", "404", "204", "non-json", "html", "no-keys", "redirect", "cut", "oversized-length",
            "oversized-stream",
            "empty", "garbage-status",
        ])
    func badAnswers(_ kind: String) async throws {
        let jwks = self.jwks
        let good = try await LocalHTTPServer.start { _ in .json(jwks) }
        defer { Task { try? await good.shutdown() } }
        let big = [UInt8](repeating: 0x20, count: 1_100_000)
        let reply: LocalHTTPServer.Reply =
            switch kind {
            case "500": .status(500)
            case "404": .status(404)
            case "204": .status(204)
            case "non-json": .response(status: 200, body: Array("keys".utf8))
            case "html":
                .response(status: 200, headers: [("Content-Type", "text/html")], body: Array("<html>{}</html>".utf8))
            case "no-keys": .json(#"{"kys":[]}"#)
            case "redirect": .response(status: 302, headers: [("Location", good.baseURL + "/jwks.json")], body: [])
            case "cut":
                .init(steps: [
                    .send(LocalHTTPServer.Reply.head(status: 200, headers: [("Content-Length", "5000")])),
                    .send(Array(jwks.utf8.prefix(100))), .close,
                ])
            case "oversized-length": .response(status: 200, body: big)
            case "oversized-stream":
                .init(steps: [.send(LocalHTTPServer.Reply.head(status: 200, headers: [])), .send(big), .close])
            case "empty": .init(steps: [.close])
            default: .init(steps: [.send(Array("HTTP/1.1 banana\r\n\r\n".utf8)), .close])
            }
        try await withServer(Behaviour { _ in reply }) { server in
            let verifier = try verifier(server)
            #expect(await code(verifier, token) == .jwksUnavailable)
            #expect(server.requestCount == 1)
        }
        #expect(good.requestCount == 0)
    }

    @Test("slow headers and a dripping body hit the deadline", arguments: ["slow-headers", "drip"])
    func deadline(_ kind: String) async throws {
        let body = Array(jwks.utf8)
        let reply: LocalHTTPServer.Reply =
            kind == "slow-headers"
            ? .init(steps: [
                .pause(.seconds(30)),
                .send(LocalHTTPServer.Reply.head(status: 200, headers: [("Content-Length", "\(body.count)")]) + body),
            ])
            : .init(
                steps: [.send(LocalHTTPServer.Reply.head(status: 200, headers: [("Content-Length", "\(body.count)")]))]
                    + body.prefix(60).flatMap { [LocalHTTPServer.Step.send([$0]), .pause(.milliseconds(100))] })
        try await withServer(Behaviour { _ in reply }) { server in
            let verifier = try verifier(server, options: JWKSFetchOptions(timeout: .milliseconds(700)))
            #expect(await code(verifier, token) == .jwksUnavailable)
        }
    }

    @Test("a closed port is jwks_unavailable")
    func closedPort() async throws {
        let server = try await LocalHTTPServer.start { _ in .status(500) }
        let url = server.baseURL + "/jwks.json"
        try await server.shutdown()
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(url))], cacheCapacity: 0)
        #expect(await code(verifier, token) == .jwksUnavailable)
    }

    @Test("1,000 concurrent verifications with an unknown kid cause exactly one fetch")
    func singleFlight() async throws {
        let jwks = self.jwks
        let stranger = try LocalCognitoIssuer(
            region: issuer.region, userPoolID: issuer.userPoolID, clientID: issuer.clientID)
        let unknown = stranger.accessToken(username: "eve")
        let reply = LocalHTTPServer.Reply(steps: [.pause(.milliseconds(200))] + LocalHTTPServer.Reply.json(jwks).steps)
        try await withServer(Behaviour { _ in reply }) { server in
            let verifier = try verifier(server)
            let codes = await withTaskGroup(of: CognitoJWTError.Code?.self) { group in
                for _ in 0..<1000 { group.addTask { await code(verifier, unknown) } }
                var codes: [CognitoJWTError.Code?] = []
                for await code in group { codes.append(code) }
                return codes
            }
            #expect(codes.count == 1000)
            #expect(codes.allSatisfy { $0 == .unknownKey })
            #expect(server.requestCount == 1)
            #expect(verifier.keyStores[0].fetchCount == 1)
        }
    }

    @Test("after a fetch without the kid, no refetch during the cool-down, then one more")
    func coolDown() async throws {
        let jwks = self.jwks
        let stranger = try LocalCognitoIssuer(
            region: issuer.region, userPoolID: issuer.userPoolID, clientID: issuer.clientID)
        try await withServer(Behaviour { _ in .json(jwks) }) { server in
            let verifier = try verifier(server, options: JWKSFetchOptions(cooldown: .milliseconds(400)))
            #expect(await code(verifier, stranger.accessToken(username: "eve")) == .unknownKey)
            #expect(server.requestCount == 1)
            let unknown = stranger.idToken(username: "eve")
            for _ in 0..<20 { #expect(await code(verifier, unknown) == .unknownKey) }
            #expect(server.requestCount == 1)
            // Known kids are unaffected by the cool-down.
            #expect(await code(verifier, token) == nil)
            try await Task.sleep(for: .milliseconds(600))
            #expect(await code(verifier, stranger.accessToken(username: "eve")) == .unknownKey)
            #expect(server.requestCount == 2)
        }
    }

    @Test("a rotated-in key is fetched on first sight, even right after a fetch")
    func rotation() async throws {
        let rotating = try LocalCognitoIssuer(region: "eu-west-1")
        let behaviour = Behaviour { _ in .json(rotating.jwksJSON) }
        try await withServer(behaviour) { server in
            let verifier = try CognitoVerifier(pools: [rotating.pool(keySource: .url(server.baseURL + "/jwks.json"))])
            #expect(await code(verifier, rotating.accessToken(username: "a")) == nil)
            try rotating.rotateKeys()  // the access-token key is now new
            #expect(await code(verifier, rotating.accessToken(username: "a")) == nil)
            #expect(server.requestCount == 2)
        }
    }

    @Test("a kid rotated to new key material is picked up on the next refetch")
    func kidNewMaterial() async throws {
        let a = try LocalCognitoIssuer.SigningKey.generate()
        let b = LocalCognitoIssuer.SigningKey(
            kid: a.kid, privateKey: try LocalCognitoIssuer.SigningKey.generate().privateKey)
        let document = { (key: LocalCognitoIssuer.SigningKey) in JSONValue.object(["keys": [.object(key.jwk)]]).jsonText
        }
        let (docA, docB) = (document(a), document(b))
        let behaviour = Behaviour { _ in .json(docA) }
        try await withServer(behaviour) { server in
            let verifier = try verifier(server)
            let payload = json(
                accessClaims(issuer).updating("exp", .number("4000000000")).updating("iat", 1)
                    .updating("auth_time", 1))
            let header = #"{"kid":"\#(a.kid)","alg":"RS256"}"#
            let signedByB = LocalCognitoIssuer.sign(headerJSON: header, payloadJSON: payload, with: b.privateKey)
            let signedByA = LocalCognitoIssuer.sign(headerJSON: header, payloadJSON: payload, with: a.privateKey)
            #expect(await code(verifier, signedByA) == nil)
            #expect(await code(verifier, signedByB) == .invalidSignature)
            behaviour.set { _ in .json(docB) }
            try await verifier.keyStores[0].refresh()
            #expect(await code(verifier, signedByB) == nil)
            #expect(await code(verifier, signedByA) == .invalidSignature)
        }
    }

    @Test("stale-on-error: a failed refetch keeps serving the keys already known")
    func staleOnError() async throws {
        let jwks = self.jwks
        let behaviour = Behaviour { _ in .json(jwks) }
        try await withServer(behaviour) { server in
            let verifier = try verifier(server)
            try await verifier.hydrate()
            behaviour.set { _ in .status(500) }
            await #expect(throws: CognitoJWTError.self) { try await verifier.keyStores[0].refresh() }
            #expect(await code(verifier, token) == nil)
            let stranger = try LocalCognitoIssuer(
                region: issuer.region, userPoolID: issuer.userPoolID, clientID: issuer.clientID)
            #expect(await code(verifier, stranger.accessToken(username: "eve")) == .jwksUnavailable)
            #expect(await code(verifier, token) == nil)
            behaviour.set { _ in .json(jwks) }
            try await verifier.keyStores[0].refresh()
            #expect(await code(verifier, token) == nil)
        }
    }

    @Test("the refresh service stops trusting a key removed from the JWKS")
    func refreshService() async throws {
        let rotating = try LocalCognitoIssuer(region: "eu-north-1")
        try await withServer(Behaviour { _ in .json(rotating.jwksJSON) }) { server in
            let verifier = try CognitoVerifier(pools: [rotating.pool(keySource: .url(server.baseURL + "/jwks.json"))])
            let idToken = rotating.idToken(username: "a")  // signed by the first key
            #expect(await code(verifier, idToken) == nil)
            let service = JWKSRefreshService(verifier: verifier, interval: .milliseconds(50))
            let running = Task { try await service.run() }
            try rotating.rotateKeys()  // removes the first key
            var removed = false
            for _ in 0..<200 where !removed {
                try await Task.sleep(for: .milliseconds(25))
                removed =
                    verifier.keyStores[0].currentKeySet?.keys(
                        withID: try CompactJWS(parsing: idToken)
                            .header["kid"]!.stringValue!
                    ).isEmpty ?? false
            }
            running.cancel()
            #expect(removed)
            #expect(await code(verifier, idToken) == .unknownKey)
        }
    }

    @Test("a JWKS file is read, and an unreadable one is jwks_unavailable")
    func file() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json").path
        try issuer.jwksJSON.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try CognitoVerifier(pools: [issuer.pool(keySource: .file(path))])
        #expect(await code(fromFile, token) == nil)
        let missing = try CognitoVerifier(pools: [issuer.pool(keySource: .file(path + ".missing"))])
        #expect(await code(missing, token) == .jwksUnavailable)
    }
}

extension JSONObject {
    func updating(_ name: String, _ value: JSONValue) -> JSONObject {
        var copy = self
        copy[name] = value
        return copy
    }
}
