import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import Foundation
import GRPCCore
import Testing

@Suite("Authentication over a live gRPC server")
struct AuthenticationTests {
    let issuer: LocalCognitoIssuer
    let interceptor: CognitoServerInterceptor

    init() throws {
        issuer = try sharedIssuer.get()
        interceptor = CognitoServerInterceptor(verifier: try issuer.verifier())
    }

    @Test("valid ID, access and client-credentials tokens reach the handler, which sees the identity")
    func validTokens() async throws {
        let sub = issuer.subject(for: "alice")
        let cases: [(String, String)] = [
            (issuer.idToken(username: "alice", groups: ["staff"]), "\(sub) alice id [staff]"),
            (issuer.accessToken(username: "alice", groups: ["staff", "ops"]), "\(sub) alice access [staff,ops]"),
            (issuer.clientCredentialsToken(scopes: ["orders/read"]), "\(issuer.clientID) client access []"),
        ]
        try await withTestServer(interceptor) { client in
            for (token, expected) in cases {
                let answer = try await client.unary(TestService.whoAmI, token: token)
                #expect(try answer.get() == expected)
            }
        }
    }

    @Test(
        "the scheme is case-insensitive and may be followed by several spaces",
        arguments: ["bearer", "BEARER", "bEaReR", "Bearer  "])
    func schemeSpelling(scheme: String) async throws {
        let token = issuer.idToken(username: "alice")
        try await withTestServer(interceptor) { client in
            let answer = try await client.unary(TestService.whoAmI, authorization: ["\(scheme) \(token)"])
            #expect(try answer.get().hasPrefix("\(issuer.subject(for: "alice")) alice id"))
        }
    }

    @Test("refused tokens are unauthenticated with the stable reason, its challenge, and never the token")
    func refusedTokens() async throws {
        let other = try foreignIssuer.get()
        let good = issuer.idToken(username: "alice")
        let parts = good.split(separator: ".")
        let foreignSignature = other.idToken(username: "alice").split(separator: ".")[2]
        let now = Int(Date().timeIntervalSince1970)
        let cases: [(String, CognitoJWTError.Code)] = [
            (issuer.idToken(username: "alice", expiresIn: -60), .expired),
            (issuer.accessToken(username: "alice", expiresIn: -60), .expired),
            (issuer.idToken(username: "alice", issuedAt: now + 600), .notYetValid),
            ("\(parts[0]).\(parts[1]).\(foreignSignature)", .invalidSignature),
            (other.idToken(username: "alice"), .wrongIssuer),
            (other.accessToken(username: "alice"), .wrongIssuer),
            (issuer.idToken(username: "alice", extraClaims: ["aud": "someone-else"]), .wrongAudience),
            ("a.b.c", .malformed),
        ]
        try await withTestServer(interceptor) { client in
            for (token, code) in cases {
                let answer = try await client.unary(TestService.whoAmI, token: token)
                expectRejected(answer, .unauthenticated, code.rawValue, token: token)
                #expect(
                    challenge(answer) == [
                        #"Bearer realm="api", error="invalid_token", error_description="\#(code.rawValue)""#
                    ])
            }
        }
    }

    @Test("no bearer token (no metadata, another scheme) is unauthenticated missing_token")
    func missingToken() async throws {
        try await withTestServer(interceptor) { client in
            for authorization in [[], ["Basic YWxpY2U6c2VjcmV0"], ["Token abc"]] {
                let answer = try await client.unary(TestService.whoAmI, authorization: authorization)
                expectRejected(answer, .unauthenticated, "missing_token")
                #expect(challenge(answer) == [#"Bearer realm="api""#])
            }
        }
    }

    @Test("unreadable authorization values are unauthenticated malformed, the token never echoed")
    func malformedHeader() async throws {
        let token = issuer.idToken(username: "alice")
        let cases: [[String]] = [
            ["Bearer"],
            ["Bearer "],
            ["Bearer \(token) trailing"],
            ["Bearer \(token)", "Bearer \(token)"],
        ]
        try await withTestServer(interceptor) { client in
            for authorization in cases {
                let answer = try await client.unary(TestService.whoAmI, authorization: authorization)
                expectRejected(answer, .unauthenticated, "malformed", token: token)
                #expect(
                    challenge(answer) == [#"Bearer realm="api", error="invalid_token", error_description="malformed""#])
            }
        }
    }

    @Test("the realm of the challenges is configurable")
    func realm() async throws {
        let interceptor = CognitoServerInterceptor(verifier: try issuer.verifier(), realm: "orders")
        try await withTestServer(interceptor) { client in
            let missing = try await client.unary(TestService.whoAmI, token: nil)
            #expect(challenge(missing) == [#"Bearer realm="orders""#])
            let expired = try await client.unary(
                TestService.whoAmI, token: issuer.idToken(username: "a", expiresIn: -60))
            #expect(
                challenge(expired) == [#"Bearer realm="orders", error="invalid_token", error_description="expired""#])
        }
    }
}
