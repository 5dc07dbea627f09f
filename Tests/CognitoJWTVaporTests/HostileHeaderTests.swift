import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

@Suite("Hostile Authorization headers and a live server")
struct HostileHeaderTests {
    let issuer = Fixtures.issuer
    let verifier = Fixtures.verifier

    static let huge = String(repeating: "A", count: 64 * 1024)

    /// `Authorization` values with bytes that are not UTF-8, and an oversized one: Vapor's parser passes them on,
    /// the adapter answers 401 on protected routes and serves public ones.
    static let undecodable: [RawHeader] = [
        RawHeader("Bearer with 0xFF 0xFE", Array("Bearer abc".utf8) + [0xFF, 0xFE] + Array("def".utf8)),
        RawHeader("Bearer with a broken UTF-8 sequence", Array("Bearer ".utf8) + [0xC3, 0x28, 0xA0, 0xA1]),
        RawHeader("Bearer with 64 KiB", Array("Bearer ".utf8) + [UInt8](repeating: 0x41, count: 64 * 1024)),
        RawHeader("a non-UTF-8 scheme", [0xFF, 0xFF, 0xFF] + Array(" abc".utf8)),
    ]

    /// `Authorization` values with control characters, which Vapor's HTTP parser refuses before any middleware.
    static let controlCharacters: [RawHeader] = [
        RawHeader("Bearer with NUL", Array("Bearer abc".utf8) + [0x00] + Array("def".utf8)),
        RawHeader("Bearer with 0x01 and DEL", Array("Bearer abc".utf8) + [0x01, 0x7F] + Array("def".utf8)),
    ]

    @Test("several Authorization headers are refused as malformed, whatever their schemes")
    func severalAuthorizationHeaders() async throws {
        let token = issuer.idToken(username: "alice")
        try await withCognitoApp(verifier: verifier) { app in
            for pair in [
                ("Bearer " + token, "Basic dXNlcjpwYXNz"), ("Basic dXNlcjpwYXNz", "Bearer " + token),
                ("Bearer " + token, "Bearer " + token),
            ] {
                let headers = HTTPHeaders([("Authorization", pair.0), ("Authorization", pair.1)])
                try await app.testing().test(.GET, "me", headers: headers) { res in expectInvalidToken(res, "malformed")
                }
            }
            try await app.testing().test(.GET, "me", headers: bearer(token)) { res in #expect(res.status == .ok) }
        }
    }

    @Test("a 64 KiB bearer header is 401 malformed; a 64 KiB other scheme is not ours")
    func oversizedInMemory() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            let bearerHeader = HTTPHeaders([("Authorization", "Bearer " + Self.huge)])
            try await app.testing().test(.GET, "me", headers: bearerHeader) { res in
                expectInvalidToken(res, "malformed")
            }
            try await app.testing().test(.GET, "public", headers: bearerHeader) { res in #expect(res.status == .ok) }
            // A huge token-shaped value that is still base64url dots: rejected before any decoding work.
            let dotted = HTTPHeaders([("Authorization", "Bearer \(Self.huge).\(Self.huge).\(Self.huge)")])
            try await app.testing().test(.GET, "me", headers: dotted) { res in expectInvalidToken(res, "malformed") }
            let basic = HTTPHeaders([("Authorization", "Basic " + Self.huge)])
            try await app.testing().test(.GET, "me", headers: basic) { res in expectMissingToken(res) }
        }
    }

    @Test("live on 127.0.0.1: a valid token, no token, an oversized header")
    func liveServer() async throws {
        try await withCognitoApp(verifier: verifier) { app in
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await live.test(.GET, "me", headers: bearer(issuer.idToken(username: "alice", groups: ["ops"]))) {
                res in
                #expect(res.status == .ok)
                #expect(res.body.string == "\(issuer.subject(for: "alice")) client=false")
            }
            try await live.test(.GET, "admin", headers: bearer(issuer.accessToken(username: "bob"))) { res in
                #expect(res.status == .forbidden)
            }
            try await live.test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"), scheme: "bearer")) {
                res in
                #expect(res.status == .ok)
            }
            try await live.test(.GET, "me") { res in expectMissingToken(res) }
            try await live.test(.GET, "me", headers: HTTPHeaders([("Authorization", "Bearer " + Self.huge)])) { res in
                #expect((400..<500).contains(res.status.code))
            }
        }
    }

    /// Starts `app`'s server on 127.0.0.1 (any free port), runs `body` with the port, stops the server.
    func withLiveServer(_ app: Application, _ body: (Int) async throws -> Void) async throws {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            try await body(try #require(app.http.server.shared.localAddress?.port))
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }

    @Test(
        "live: non-UTF-8 bytes or 64 KiB in the header: 401 on protected routes, public routes served",
        arguments: HostileHeaderTests.undecodable)
    func undecodableLive(header: RawHeader) async throws {
        try await withCognitoApp(verifier: verifier) { app in
            try await withLiveServer(app) { port in
                let protected = try await RawHTTPClient.statusCode(
                    of: try await RawHTTPClient.get(port: port, path: "/me", authorization: header.bytes))
                #expect(protected == 401)
                let open = try await RawHTTPClient.statusCode(
                    of: try await RawHTTPClient.get(port: port, path: "/public", authorization: header.bytes))
                #expect(open == 200)
            }
        }
    }

    @Test(
        "live: control characters in the header: refused by Vapor's parser (no response, no 5xx); the server goes on",
        arguments: HostileHeaderTests.controlCharacters)
    func controlCharactersLive(header: RawHeader) async throws {
        let token = Array(issuer.idToken(username: "alice").utf8)
        try await withCognitoApp(verifier: verifier) { app in
            try await withLiveServer(app) { port in
                let refused = try await RawHTTPClient.statusCode(
                    of: try await RawHTTPClient.get(port: port, path: "/me", authorization: header.bytes))
                #expect(refused == nil)
                let next = try await RawHTTPClient.statusCode(
                    of: try await RawHTTPClient.get(
                        port: port, path: "/me", authorization: Array("Bearer ".utf8) + token))
                #expect(next == 200)
            }
        }
    }
}

/// Raw `Authorization` header bytes, with a readable name for the test report.
struct RawHeader: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}
