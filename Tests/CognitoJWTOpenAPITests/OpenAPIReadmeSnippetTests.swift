import CognitoJWT
import CognitoJWTTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The README's OpenAPI snippet")
struct OpenAPIReadmeSnippetTests {
    @Test("does what the README says, on a live server")
    func snippet() async throws {
        let issuer = try sharedIssuer.get()
        let app = try buildOpenAPIApplication(
            verifier: try issuer.verifier(), openAPIDocument: ordersDocument, port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.sub == "anonymous")
            }
            try await client.execute(uri: "/me", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            let alice = issuer.idToken(username: "alice")
            try await client.execute(uri: "/me", method: .get, headers: bearer(alice)) { response in
                #expect(response.status == .ok)
                #expect(caller(response)?.user == "user:alice")
            }
            let client2 = issuer.clientCredentialsToken(scopes: ["orders/read"])
            try await client.execute(uri: "/orders", method: .get, headers: bearer(client2)) { response in
                #expect(response.status == .unauthorized)
                #expect(text(response).contains("unknown_user"))
            }
            let scoped = issuer.accessToken(username: "alice", scopes: ["orders/read"])
            try await client.execute(uri: "/orders", method: .get, headers: bearer(scoped)) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
