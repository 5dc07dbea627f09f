import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Oversized and garbled Authorization headers")
struct HostileHeaderTests {
    let issuer: LocalCognitoIssuer
    let verifier: CognitoVerifier

    init() throws {
        issuer = try sharedIssuer.get()
        verifier = try issuer.verifier()
    }

    /// `Authorization` with these bytes (CR, LF and NUL become spaces, as the HTTP types require).
    func rawAuthorization(_ bytes: [UInt8]) -> HTTPFields {
        HTTPFields([HeaderField(name: .authorization, lenientValue: bytes)])
    }

    /// The test client: in-process router, or a live server on loopback.
    static func setup(_ name: String) -> TestingSetup { name == "live" ? .live : .router }

    @Test(
        "several Authorization headers are refused as malformed, whatever their schemes", arguments: ["router", "live"])
    func severalAuthorizationHeaders(setup: String) async throws {
        let token = issuer.idToken(username: "alice")
        try await identityApp(verifier: verifier).test(Self.setup(setup)) { client in
            for pair in [
                ("Bearer " + token, "Basic dXNlcjpwYXNz"), ("Basic dXNlcjpwYXNz", "Bearer " + token),
                ("Bearer " + token, "Bearer " + token),
            ] {
                let headers = HTTPFields([
                    HeaderField(name: .authorization, value: pair.0),
                    HeaderField(name: .authorization, value: pair.1),
                ])
                try await client.execute(uri: "/me", method: .get, headers: headers) { response in
                    expectRejection(response, .unreadableHeader(realm: "api"))
                }
            }
            try await client.execute(uri: "/me", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a 64 KiB bearer header is a 401 malformed; a 64 KiB other scheme is ignored", arguments: ["router", "live"])
    func oversized(setup: String) async throws {
        let huge = String(repeating: "A", count: 64 * 1024)
        try await identityApp(verifier: verifier).test(Self.setup(setup)) { client in
            try await client.execute(uri: "/me", method: .get, headers: bearer(huge)) { response in
                expectRejection(response, .unreadableHeader(realm: "api"))
            }
            try await client.execute(
                uri: "/me", method: .get,
                headers: bearer(String(huge.prefix(30_000)) + ".e30." + String(huge.prefix(30_000)))
            ) { response in
                expectRejection(response, .unreadableHeader(realm: "api"))
            }
            try await client.execute(uri: "/public", method: .get, headers: bearer(huge)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous unreadable_header")
            }
            try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Basic " + huge]) { response in
                expectRejection(response, .missingToken(realm: "api"))
            }
            // A token just under the header limit is read, and refused as malformed by the verifier.
            let long = String(repeating: "A", count: 19_000) + ".e30.AA"
            try await client.execute(uri: "/me", method: .get, headers: bearer(long)) { response in
                expectRejection(response, rejection(.malformed))
            }
        }
    }

    @Test("garbled bytes in a bearer header are a 401 malformed, never a 500", arguments: ["router", "live"])
    func garbled(setup: String) async throws {
        let valid = Array(issuer.idToken(username: "alice").utf8)
        let unreadable: [[UInt8]] = [
            Array("Bearer ".utf8) + [0xFF, 0xFE, 0xFD],
            Array("Bearer ".utf8) + valid.prefix(20) + [0xC3, 0x28] + valid.dropFirst(20),
            Array("Bearer ".utf8) + valid + Array(" extra".utf8),
            Array("Bearer ".utf8) + Array("\t".utf8) + valid,
        ]
        try await identityApp(verifier: verifier).test(Self.setup(setup)) { client in
            for bytes in unreadable {
                try await client.execute(uri: "/me", method: .get, headers: rawAuthorization(bytes)) { response in
                    expectRejection(response, .unreadableHeader(realm: "api"))
                }
            }
            // Garbage without a bearer scheme is not ours: a protected route asks for a token, a public one answers.
            for bytes: [UInt8] in [[0xFF, 0x80, 0x20, 0x41], Array("bearer\t".utf8) + valid] {
                try await client.execute(uri: "/me", method: .get, headers: rawAuthorization(bytes)) { response in
                    expectRejection(response, .missingToken(realm: "api"))
                }
                try await client.execute(uri: "/public", method: .get, headers: rawAuthorization(bytes)) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }

    @Test("on the wire: control characters and headers past the server's limit are a 400, and the server lives on")
    func onTheWire() async throws {
        let valid = Array(issuer.idToken(username: "alice").utf8)
        try await identityApp(verifier: verifier).test(.live) { client in
            let port = try #require(client.port)
            let bearerPrefix = Array("Bearer ".utf8)
            for authorization in [
                bearerPrefix + valid + [0x01], bearerPrefix + [0x7F] + valid, bearerPrefix + [0x1B, 0x5B],
                bearerPrefix + Array(repeating: UInt8(ascii: "A"), count: 200 * 1024),
            ] {
                let answer = try await RawHTTPClient.get(port: port, path: "/me", authorization: authorization)
                #expect(answer.hasPrefix("HTTP/1.1 400 "))
            }
            // A 64 KiB bearer value is within the server's limits: the authenticator answers it.
            let answer = try await RawHTTPClient.get(
                port: port, path: "/me",
                authorization: bearerPrefix + Array(repeating: UInt8(ascii: "A"), count: 64 * 1024))
            #expect(answer.hasPrefix("HTTP/1.1 401 "))
            #expect(answer.contains(#"{"error":"invalid_token","reason":"malformed"}"#))
            // Still serving.
            try await client.execute(
                uri: "/me", method: .get,
                headers: bearer(String(decoding: valid, as: UTF8.self))
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
