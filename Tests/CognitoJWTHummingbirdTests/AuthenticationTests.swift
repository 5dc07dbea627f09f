import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("CognitoAuthenticator and CognitoGuardMiddleware: statuses and headers")
struct AuthenticationTests {
    let issuer: LocalCognitoIssuer
    let verifier: CognitoVerifier

    init() throws {
        issuer = try sharedIssuer.get()
        verifier = try issuer.verifier()
    }

    @Test("public routes answer with no token, another scheme, a refused token or a valid one")
    func publicRoutesAreUntouched() async throws {
        let sub = issuer.subject(for: "alice")
        let valid = issuer.idToken(username: "alice")
        let expired = issuer.idToken(username: "alice", expiresIn: -60)
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/public", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous none")
            }
            try await client.execute(
                uri: "/public", method: .get,
                headers: [.authorization: "Basic YWxpY2U6c2VjcmV0"]
            ) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous none")
            }
            try await client.execute(uri: "/public", method: .get, headers: bearer("not-a-jwt")) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous malformed")
            }
            try await client.execute(uri: "/public", method: .get, headers: bearer(expired)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous expired")
            }
            try await client.execute(uri: "/public", method: .get, headers: [.authorization: "Bearer "]) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "anonymous unreadable_header")
            }
            try await client.execute(uri: "/public", method: .get, headers: bearer(valid)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "\(sub) none")
            }
        }
    }

    @Test("a protected route without a bearer token is a 401 with a bare Bearer challenge")
    func missingToken() async throws {
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get) { response in
                expectRejection(response, .missingToken(realm: "api"))
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="api""#)
                #expect(text(response) == #"{"error":"invalid_request","reason":"missing_token"}"#)
            }
            try await client.execute(
                uri: "/me", method: .get,
                headers: [.authorization: "Basic YWxpY2U6c2VjcmV0"]
            ) { response in
                expectRejection(response, .missingToken(realm: "api"))
            }
        }
    }

    @Test("ID and access tokens are accepted; the identity is the token's user")
    func validTokens() async throws {
        let sub = issuer.subject(for: "alice")
        let id = issuer.idToken(username: "alice", groups: ["staff"])
        let access = issuer.accessToken(username: "alice", groups: ["staff"], scopes: ["orders/read"])
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: bearer(id)) { response in
                #expect(response.status == .ok)
                #expect(
                    text(response)
                        == #"{"id":"\#(sub)","username":"alice","isClient":false,"groups":["staff"],"scopes":[]}"#)
            }
            try await client.execute(uri: "/me", method: .get, headers: bearer(access)) { response in
                #expect(response.status == .ok)
                #expect(
                    text(response)
                        == #"{"id":"\#(sub)","username":"alice","isClient":false,"groups":["staff"],"scopes":["aws.cognito.signin.user.admin","orders/read"]}"#
                )
            }
        }
    }

    @Test(
        "the scheme is case-insensitive and may be followed by several spaces",
        arguments: ["bearer", "BEARER", "bEaReR", "Bearer  "])
    func schemeSpelling(scheme: String) async throws {
        let token = issuer.idToken(username: "alice")
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: bearer(token, scheme: scheme)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("refused tokens are 401 invalid_token with the reason in the challenge and the body")
    func refusedTokens() async throws {
        let other = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_Other")
        let good = issuer.idToken(username: "alice")
        let foreignSignature = other.idToken(username: "alice").split(separator: ".")[2]
        let parts = good.split(separator: ".")
        let now = Int(Date().timeIntervalSince1970)
        let cases: [(String, CognitoJWTError.Code)] = [
            (issuer.idToken(username: "alice", expiresIn: -60), .expired),
            (issuer.idToken(username: "alice", issuedAt: now + 600), .notYetValid),
            (other.idToken(username: "alice"), .wrongIssuer),
            (issuer.idToken(username: "alice", extraClaims: ["aud": "someone-else"]), .wrongAudience),
            ("\(parts[0]).\(parts[1]).\(foreignSignature)", .invalidSignature),
            ("a.b.c", .malformed),
            (
                issuer.sign(["iss": .string(issuer.issuer), "token_use": "refresh", "exp": .number(String(now + 60))]),
                .wrongTokenUse
            ),
        ]
        try await identityApp(verifier: verifier).test(.router) { client in
            for (token, code) in cases {
                try await client.execute(uri: "/me", method: .get, headers: bearer(token)) { response in
                    expectRejection(response, rejection(code))
                    #expect(response.status == .unauthorized)
                    #expect(
                        response.headers[.wwwAuthenticate]
                            == #"Bearer realm="api", error="invalid_token", error_description="\#(code.rawValue)""#)
                    #expect(text(response) == #"{"error":"invalid_token","reason":"\#(code.rawValue)"}"#)
                }
            }
        }
    }

    @Test(
        "unreadable bearer headers are 401 malformed",
        arguments: ["Bearer ", "Bearer a b", "Bearer tökén", "Bearer \t"])
    func unreadableHeaders(value: String) async throws {
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: [.authorization: value]) { response in
                expectRejection(response, .unreadableHeader(realm: "api"))
            }
        }
    }

    @Test("two bearer Authorization headers are refused, even if one is valid")
    func repeatedHeaders() async throws {
        let token = issuer.idToken(username: "alice")
        let headers = HTTPFields([
            HeaderField(name: .authorization, value: "Bearer \(token)"),
            HeaderField(name: .authorization, value: "Bearer \(token)"),
        ])
        try await identityApp(verifier: verifier).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: headers) { response in
                expectRejection(response, .unreadableHeader(realm: "api"))
            }
        }
    }

    @Test("the realm is configurable")
    func customRealm() async throws {
        let expired = issuer.idToken(username: "alice", expiresIn: -60)
        try await identityApp(verifier: verifier, realm: "orders \"v2\"").test(.router) { client in
            try await client.execute(uri: "/me", method: .get) { response in
                expectRejection(response, .missingToken(realm: "orders \"v2\""))
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="orders \"v2\"""#)
            }
            try await client.execute(uri: "/me", method: .get, headers: bearer(expired)) { response in
                expectRejection(response, rejection(.expired, realm: "orders \"v2\""))
            }
        }
    }

    @Test("the verified claims are in the context for handlers")
    func claimsInContext() async throws {
        let router = Router(context: IdentityContext.self)
        router.add(middleware: CognitoAuthenticator(verifier: verifier))
        router.group("claims").add(middleware: CognitoGuardMiddleware())
            .get { _, context in context.cognito.claims?.email ?? "none" }
        let token = issuer.idToken(username: "carol", email: "carol@example.org")
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/claims", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "carol@example.org")
            }
        }
    }
}
