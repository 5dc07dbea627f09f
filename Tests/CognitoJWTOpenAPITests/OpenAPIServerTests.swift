import CognitoJWT
import CognitoJWTOpenAPI
import CognitoJWTTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenAPIRuntime
import Testing

@Suite("The generated OpenAPI server behind CognitoOpenAPIMiddleware, over HTTP on 127.0.0.1")
struct OpenAPIServerTests {
    let issuer: LocalCognitoIssuer
    let verifier: CognitoVerifier
    let middleware: CognitoOpenAPIMiddleware

    init() throws {
        issuer = try sharedIssuer.get()
        verifier = try issuer.verifier()
        middleware = CognitoOpenAPIMiddleware(
            verifier: verifier, security: try CognitoOpenAPISecurity(document: ordersDocument))
    }

    /// Expects the adapters' answer for `rejection`: its status, `WWW-Authenticate` and JSON body.
    func expect(_ response: TestResponse, _ rejection: HTTPRejection) {
        #expect(Int(response.status.code) == rejection.status)
        #expect(response.headers[.wwwAuthenticate] == rejection.wwwAuthenticate)
        #expect(response.headers[.contentType] == "application/json")
        #expect(text(response) == rejection.body)
    }

    @Test("a public operation answers without a token, with a refused one, and sees a valid one")
    func publicOperation() async throws {
        let sub = issuer.subject(for: "alice")
        try await ordersApp(middleware).test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.sub == "anonymous")
            }
            let expired = issuer.idToken(username: "alice", expiresIn: -60)
            try await client.execute(uri: "/health", method: .get, headers: bearer(expired)) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.sub == "anonymous")
            }
            let valid = issuer.idToken(username: "alice")
            try await client.execute(uri: "/health", method: .get, headers: bearer(valid)) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.sub == sub)
            }
        }
    }

    @Test("the global bearer requirement: 401 without a token, for an expired, forged or foreign one; 200 valid")
    func globalRequirement() async throws {
        let sub = issuer.subject(for: "alice")
        let foreign = try LocalCognitoIssuer(region: "us-east-1", userPoolID: "us-east-1_Foreign")
        let valid = issuer.idToken(username: "alice")
        var forged = Array(valid.utf8)
        forged[forged.count - 5] = forged[forged.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let forgedToken = String(decoding: forged, as: UTF8.self)
        try await ordersApp(middleware).test(.live) { client in
            try await client.execute(uri: "/me", method: .get) { response in
                expect(response, .missingToken(realm: "api"))
            }
            try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer "]) { response in
                expect(response, .unreadableHeader(realm: "api"))
            }
            let expired = issuer.idToken(username: "alice", expiresIn: -60)
            try await client.execute(uri: "/me", method: .get, headers: bearer(expired)) { response in
                #expect(response.status == .unauthorized)
                #expect(text(response).contains("expired"))
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=\"api\"") == true)
                #expect(!text(response).contains(expired))
            }
            try await client.execute(uri: "/me", method: .get, headers: bearer(forgedToken)) { response in
                #expect(response.status == .unauthorized)
                #expect(text(response).contains("invalid_signature"))
            }
            let other = foreign.idToken(username: "alice")
            try await client.execute(uri: "/me", method: .get, headers: bearer(other)) { response in
                #expect(response.status == .unauthorized)
                #expect(!text(response).contains(other))
            }
            try await client.execute(uri: "/me", method: .get, headers: bearer(valid)) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.sub == sub)
            }
            let access = issuer.accessToken(username: "alice")
            try await client.execute(uri: "/me", method: .get, headers: bearer(access)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("an oauth2 scope of the document is a required scope: 403 insufficient_scope without it")
    func scopedOperation() async throws {
        let scoped = issuer.accessToken(username: "alice", scopes: ["orders/read"])
        let unscoped = issuer.accessToken(username: "alice", scopes: ["orders/write"])
        let idToken = issuer.idToken(username: "alice")
        try await ordersApp(middleware).test(.live) { client in
            try await client.execute(uri: "/orders", method: .get, headers: bearer(scoped)) { response in
                #expect(response.status == .ok)
            }
            for token in [unscoped, idToken] {
                try await client.execute(uri: "/orders", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope""#) == true)
                    #expect(text(response).contains("missing_scope"))
                }
            }
            try await client.execute(uri: "/orders", method: .get) { response in
                expect(response, .missingToken(realm: "api"))
            }
        }
    }

    @Test("OR between requirement objects, AND inside one")
    func alternativesAndConjunctions() async throws {
        try await ordersApp(middleware).test(.live) { client in
            for scopes in [["reports/read"], ["admin/all"], ["reports/read", "admin/all"]] {
                let token = issuer.accessToken(username: "alice", scopes: scopes)
                try await client.execute(uri: "/reports", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok, "scopes \(scopes)")
                }
            }
            let neither = issuer.accessToken(username: "alice", scopes: ["orders/read"])
            try await client.execute(uri: "/reports", method: .get, headers: bearer(neither)) { response in
                #expect(response.status == .forbidden)
            }
            let audit = issuer.accessToken(username: "alice", scopes: ["audit/read"])
            try await client.execute(uri: "/audit", method: .get, headers: bearer(audit)) { response in
                #expect(response.status == .ok)
            }
            let notAudit = issuer.accessToken(username: "alice", scopes: ["reports/read"])
            try await client.execute(uri: "/audit", method: .get, headers: bearer(notAudit)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("x-cognito-groups guards an operation: 403 outside the group, 200 in it")
    func groupGuardedOperation() async throws {
        let admin = issuer.idToken(username: "root", groups: ["admin"])
        let staff = issuer.idToken(username: "bob", groups: ["staff"])
        try await ordersApp(middleware).test(.live) { client in
            try await client.execute(uri: "/admin", method: .get, headers: bearer(admin)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/admin", method: .get, headers: bearer(staff)) { response in
                #expect(response.status == .forbidden)
                #expect(text(response).contains("missing_group"))
            }
        }
    }

    @Test("the user mapping's user reaches the handler; nil is 401 unknown_user; a store failure is its 503")
    func userMapping() async throws {
        let mapped = CognitoOpenAPIMiddleware(
            verifier: verifier, security: try CognitoOpenAPISecurity(document: ordersDocument)
        ) { claims -> String? in
            switch claims.username {
            case "alice": return "user-row-1"
            case "down": throw StoreUnavailable()
            default: return nil
            }
        }
        try await ordersApp(mapped).test(.live) { client in
            let alice = issuer.idToken(username: "alice")
            try await client.execute(uri: "/me", method: .get, headers: bearer(alice)) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.user == "user-row-1")
            }
            let stranger = issuer.idToken(username: "mallory")
            try await client.execute(uri: "/me", method: .get, headers: bearer(stranger)) { response in
                expect(response, .unknownUser(realm: "api"))
            }
            let down = issuer.idToken(username: "down")
            try await client.execute(uri: "/me", method: .get, headers: bearer(down)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(text(response) == StoreUnavailable().jsonBody)
            }
        }
    }

    @Test("without a user mapping the user is the token's identity; without a token there is none")
    func identityAsUser() async throws {
        let token = issuer.idToken(username: "alice")
        var request = HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/health")
        let seen = { (request: HTTPRequest) async throws -> String in
            let (_, body) = try await middleware.intercept(
                request, body: nil, metadata: ServerRequestMetadata(), operationID: "getHealth"
            ) { _, _, _ in
                let user = CognitoOpenAPI.user(as: CognitoIdentity.self)
                return (HTTPResponse(status: .ok), HTTPBody(user.map { "\($0.id) \($0.username ?? "")" } ?? "none"))
            }
            return try await String(collecting: try #require(body), upTo: 1024)
        }
        #expect(try await seen(request) == "none")
        request.headerFields[.authorization] = "Bearer \(token)"
        #expect(try await seen(request) == "\(issuer.subject(for: "alice")) alice")
    }

    @Test("a JWKS that cannot be had is 503 jwks_unavailable")
    func jwksOutage() async throws {
        let broken = try await LocalHTTPServer.start { _ in .status(500) }
        do {
            let unreachable = try CognitoVerifier(
                pools: [issuer.pool(keySource: .url(broken.baseURL + issuer.jwksPath))])
            let outage = CognitoOpenAPIMiddleware(
                verifier: unreachable, security: try CognitoOpenAPISecurity(document: ordersDocument))
            let token = issuer.idToken(username: "alice")
            try await ordersApp(outage).test(.live) { client in
                try await client.execute(uri: "/me", method: .get, headers: bearer(token)) { response in
                    expect(response, HTTPRejection(CognitoJWTError(.jwksUnavailable, "down"), realm: "api"))
                    #expect(response.status == .serviceUnavailable)
                }
                try await client.execute(uri: "/health", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok)
                }
            }
        } catch {
            try await broken.shutdown()
            throw error
        }
        try await broken.shutdown()
    }

    @Test("a table in code overrides the document; an operation the table does not name needs a token")
    func tableInCode() async throws {
        let security = CognitoOpenAPISecurity(operations: [
            "getHealth": .public, "getMe": .requiring(anyOfGroups: ["staff"]),
        ])
        try await ordersApp(CognitoOpenAPIMiddleware(verifier: verifier, security: security)).test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
            let staff = issuer.idToken(username: "bob", groups: ["staff"])
            let other = issuer.idToken(username: "eve")
            try await client.execute(uri: "/me", method: .get, headers: bearer(staff)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/me", method: .get, headers: bearer(other)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/orders", method: .get) { response in
                expect(response, .missingToken(realm: "api"))
            }
            try await client.execute(uri: "/orders", method: .get, headers: bearer(other)) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
