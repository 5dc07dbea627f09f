import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Live servers with the JWKS fetched over HTTP")
struct JWKSOverHTTPTests {
    @Test("an unavailable JWKS is a 503 on protected routes, never a 500; public routes go on")
    func jwksOutage() async throws {
        let issuer = try makeIssuer()
        let broken = try await LocalHTTPServer.start { _ in .status(500) }
        do {
            let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(broken.baseURL + issuer.jwksPath))])
            let token = issuer.accessToken(username: "alice", scopes: ["orders/read"])
            try await identityApp(verifier: verifier).test(.live) { client in
                for path in ["/me", "/orders", "/admin"] {
                    try await client.execute(uri: path, method: .get, headers: bearer(token)) { response in
                        expectRejection(response, rejection(.jwksUnavailable))
                        #expect(response.status == .serviceUnavailable)
                        #expect(response.headers[.wwwAuthenticate] == nil)
                        #expect(text(response) == #"{"error":"temporarily_unavailable","reason":"jwks_unavailable"}"#)
                    }
                }
                try await client.execute(uri: "/public", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok)
                    #expect(text(response) == "anonymous jwks_unavailable")
                }
                // Without a token nothing is fetched and the answer is the usual 401.
                try await client.execute(uri: "/me", method: .get) { response in
                    expectRejection(response, .missingToken(realm: "api"))
                }
            }
            #expect(broken.requestCount >= 1)
            #expect(broken.requestedPaths.allSatisfy { $0 == issuer.jwksPath })
        } catch {
            try await broken.shutdown()
            throw error
        }
        try await broken.shutdown()
    }

    @Test("keys rotated while the app runs: new tokens verify after one refetch, the removed key's do not")
    func keyRotation() async throws {
        let issuer = try makeIssuer()
        let jwks = try await issuer.startJWKSServer()
        do {
            let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(jwks.baseURL + issuer.jwksPath))])
            try await identityApp(verifier: verifier).test(.live) { client in
                let oldID = issuer.idToken(username: "alice")  // first key
                let oldAccess = issuer.accessToken(username: "alice")  // second key
                for token in [oldID, oldAccess] {
                    try await client.execute(uri: "/me", method: .get, headers: bearer(token)) { response in
                        #expect(response.status == .ok)
                    }
                }
                #expect(jwks.requestCount == 1)

                try issuer.rotateKeys()  // drops the first key, adds a third
                let newAccess = issuer.accessToken(username: "bob")  // signed with the new key
                try await client.execute(uri: "/me", method: .get, headers: bearer(newAccess)) { response in
                    #expect(response.status == .ok)
                    #expect(text(response).contains(#""username":"bob""#))
                }
                #expect(jwks.requestCount == 2)
                try await client.execute(uri: "/me", method: .get, headers: bearer(oldAccess)) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/me", method: .get, headers: bearer(oldID)) { response in
                    expectRejection(response, rejection(.unknownKey))
                }
            }
        } catch {
            try await jwks.shutdown()
            throw error
        }
        try await jwks.shutdown()
    }
}
