import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// ``ALBVerifier/verify(headers:now:)``: the data token, the forwarded access token and `x-amzn-oidc-identity`
/// together, with an access-token verifier of the pool.
@Suite("ALB forwarded headers")
struct ALBHeadersTests {
    /// Runs `body` with a verifier that also checks the access token (`tokenUse: .access`).
    func withAccessVerifier(_ body: (LocalALB, ALBVerifier, LocalHTTPServer) async throws -> Void) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL, accessTokenVerifier: try sharedIssuer.verifier(tokenUse: .access))
            try await body(alb, verifier, server)
        }
    }

    @Test("matching headers are accepted; the claims are the access token's, with its groups and scopes")
    func accepted() async throws {
        try await withAccessVerifier { alb, verifier, server in
            let headers = alb.headers(username: "alice", groups: ["admins", "staff"], scopes: ["orders/read"])
            let verification = try await verifier.verify(headers: headers)
            #expect(verification.access != nil)
            #expect(verification.claims.tokenUse == .access)
            #expect(verification.claims.groups == ["admins", "staff"])
            #expect(verification.claims.isMember(of: "admins"))
            #expect(verification.claims.hasScope("orders/read"))
            #expect(verification.claims.username == "alice")
            #expect(verification.claims.clientID == sharedIssuer.clientID)
            #expect(verification.claims.subject == sharedIssuer.subject(for: "alice"))
            #expect(verification.data.subject == sharedIssuer.subject(for: "alice"))
            #expect(verification.data.email == "alice@example.com")
            #expect(verification.data["username"]?.stringValue == "alice")
            #expect(server.requestCount == 1)
        }
    }

    @Test("without an access-token verifier, the data token alone is checked and its claims are the claims")
    func dataOnly() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let alice = sharedIssuer.subject(for: "alice")
            let verification = try await verifier.verify(
                headers: ALBHeaders(data: [alb.dataToken(username: "alice")], identity: [alice]))
            #expect(verification.access == nil)
            #expect(verification.claims.subject == alice)
            #expect(verification.claims.email == "alice@example.com")
            let mismatch = ALBHeaders(data: [alb.dataToken(username: "alice")], identity: ["someone-else"])
            #expect(await albCode(verifier, headers: mismatch) == .subjectMismatch)
        }
    }

    @Test("an access token of another user is subject_mismatch")
    func accessTokenOfAnotherUser() async throws {
        try await withAccessVerifier { alb, verifier, _ in
            var headers = alb.headers(username: "alice")
            headers.accessToken = [sharedIssuer.accessToken(username: "bob")]
            #expect(await albCode(verifier, headers: headers) == .subjectMismatch)
            headers.identity = []
            #expect(await albCode(verifier, headers: headers) == .subjectMismatch)
        }
    }

    @Test("an x-amzn-oidc-identity that is not the data token's sub is subject_mismatch, byte for byte")
    func identityMismatch() async throws {
        try await withAccessVerifier { alb, verifier, _ in
            let alice = sharedIssuer.subject(for: "alice")
            for identity in [sharedIssuer.subject(for: "bob"), alice.uppercased(), alice + " ", "", " " + alice] {
                var headers = alb.headers(username: "alice")
                headers.identity = [identity]
                #expect(await albCode(verifier, headers: headers) == .subjectMismatch, "\(identity)")
            }
            var headers = alb.headers(username: "alice")
            headers.identity = []
            #expect(await albCode(verifier, headers: headers) == nil, "the identity header is optional")
        }
    }

    @Test("a missing access token is malformed when the verifier checks access tokens")
    func missingAccessToken() async throws {
        try await withAccessVerifier { alb, verifier, _ in
            var headers = alb.headers(username: "alice")
            headers.accessToken = []
            #expect(await albCode(verifier, headers: headers) == .malformed)
        }
    }

    @Test("a repeated or missing data header, a repeated access token or identity are malformed")
    func repeatedHeaders() async throws {
        try await withAccessVerifier { alb, verifier, server in
            let valid = alb.headers(username: "alice")
            var twoData = valid
            twoData.data = valid.data + valid.data
            var noData = valid
            noData.data = []
            var twoAccess = valid
            twoAccess.accessToken = valid.accessToken + valid.accessToken
            var twoIdentities = valid
            twoIdentities.identity = valid.identity + valid.identity
            for headers in [twoData, noData, twoAccess, twoIdentities] {
                #expect(await albCode(verifier, headers: headers) == .malformed)
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("an expired access token is expired, as is an expired data token")
    func expiredAccessToken() async throws {
        try await withAccessVerifier { alb, verifier, _ in
            var headers = alb.headers(username: "alice")
            headers.accessToken = [sharedIssuer.accessToken(username: "alice", expiresIn: -60)]
            #expect(await albCode(verifier, headers: headers) == .expired)
            #expect(await albCode(verifier, headers: alb.headers(username: "alice", expiresIn: -60)) == .expired)
        }
    }

    @Test("an ID token, or a token of another pool, in the access token header is refused")
    func notAnAccessToken() async throws {
        try await withAccessVerifier { alb, verifier, _ in
            var headers = alb.headers(username: "alice")
            headers.accessToken = [sharedIssuer.idToken(username: "alice")]
            #expect(await albCode(verifier, headers: headers) == .wrongTokenUse)
            headers.accessToken = [sharedStranger.accessToken(username: "alice")]
            #expect(await albCode(verifier, headers: headers) == .unknownKey)
            headers.accessToken = ["garbage"]
            #expect(await albCode(verifier, headers: headers) == .malformed)
        }
    }

    @Test("headers are read by their lowercase names")
    func readingHeaders() {
        let values: [String: [String]] = [
            "x-amzn-oidc-data": ["d"], "x-amzn-oidc-accesstoken": ["a1", "a2"], "x-amzn-oidc-identity": ["i"],
        ]
        let headers = ALBHeaders { values[$0] ?? [] }
        #expect(headers.data == ["d"])
        #expect(headers.accessToken == ["a1", "a2"])
        #expect(headers.identity == ["i"])
    }
}
