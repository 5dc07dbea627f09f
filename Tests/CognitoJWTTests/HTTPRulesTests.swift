import CognitoJWT
import CognitoJWTTesting
import Testing

/// The framework-free HTTP rules both adapters use.
@Suite("Bearer header and HTTP answers")
struct HTTPRulesTests {
    @Test("the Bearer scheme is case-insensitive and takes one or more spaces")
    func schemes() {
        #expect(BearerToken(authorization: "Bearer abc.def.ghi") == .token("abc.def.ghi"))
        #expect(BearerToken(authorization: "bearer abc") == .token("abc"))
        #expect(BearerToken(authorization: "BEARER   abc") == .token("abc"))
        #expect(BearerToken(authorization: "BeArEr abc") == .token("abc"))
    }

    @Test("no header or another scheme is not ours")
    func absent() {
        #expect(BearerToken(authorization: nil) == .absent)
        #expect(BearerToken(authorization: "Basic dXNlcjpwYXNz") == .absent)
        #expect(BearerToken(authorization: "Bearerabc") == .absent)
        #expect(BearerToken(authorization: "Token abc") == .absent)
        #expect(BearerToken(authorizationValues: []) == .absent)
        #expect(BearerToken(authorizationValues: ["Bearer t"]) == .token("t"))
    }

    @Test("an empty, spaced, controlled, non-ASCII or oversized bearer value is invalid")
    func invalid() {
        for value in [
            "Bearer", "Bearer ", "Bearer    ", "Bearer a b", "Bearer a\tb", "Bearer a\u{0}b", "Bearer ab\u{7F}",
            "Bearer é", "Bearer a\r\nX-Evil: 1", "Bearer " + String(repeating: "a", count: 65_536),
        ] {
            #expect(BearerToken(authorization: value) == .invalid, "\(value.prefix(20))")
        }
        #expect(BearerToken(authorizationValues: ["Bearer a", "Bearer b"]) == .invalid)
        // A request has at most one Authorization header: several are refused whatever their schemes.
        #expect(BearerToken(authorizationValues: ["Basic x", "Bearer t"]) == .invalid)
        #expect(BearerToken(authorizationValues: ["Bearer t", "Basic x"]) == .invalid)
        #expect(BearerToken(authorizationValues: ["Basic x", "Basic y"]) == .invalid)
    }

    @Test("rejections map to RFC 6750 answers")
    func rejections() {
        let expired = HTTPRejection(CognitoJWTError(.expired, "token expired"), realm: "api")
        #expect(expired.status == 401)
        #expect(expired.wwwAuthenticate == #"Bearer realm="api", error="invalid_token", error_description="expired""#)
        #expect(expired.body == #"{"error":"invalid_token","reason":"expired"}"#)
        #expect(HTTPRejection(CognitoJWTError(.missingScope, ""), realm: "api").status == 403)
        #expect(
            HTTPRejection(CognitoJWTError(.missingScope, ""), realm: "api").wwwAuthenticate?.contains(
                #"error="insufficient_scope""#) == true)
        #expect(HTTPRejection(CognitoJWTError(.missingGroup, ""), realm: "api").status == 403)
        #expect(HTTPRejection(CognitoJWTError(.jwksUnavailable, ""), realm: "api").status == 503)
        for code in CognitoJWTError.Code.allCases {
            let status = HTTPRejection(CognitoJWTError(code, "m"), realm: "api").status
            #expect([401, 403, 503].contains(status))
        }
        #expect(HTTPRejection.missingToken(realm: "orders").wwwAuthenticate == #"Bearer realm="orders""#)
        #expect(HTTPRejection.missingToken(realm: #"a"b"#).wwwAuthenticate == #"Bearer realm="a\"b""#)
    }

    @Test("the bearer-authentication step: none, failed, unknown user, authenticated")
    func bearerStep() async throws {
        let issuer = try LocalCognitoIssuer()
        let verifier = try issuer.verifier()
        let token = issuer.idToken(username: "alice", groups: ["staff"])
        func outcome(_ values: [String], user: String? = "row") async throws -> BearerOutcome<String> {
            try await verifier.authenticate(authorization: values) { claims in
                user.map { "\($0):\(claims.username ?? "")" }
            }
        }
        guard case .none = try await outcome([]) else { Issue.record("no header"); return }
        guard case .none = try await outcome(["Basic dXNlcjpwYXNz"]) else { Issue.record("basic"); return }
        guard case .failed(.unreadableHeader) = try await outcome(["Bearer a b"]) else {
            Issue.record("spaces"); return
        }
        guard case .failed(.unreadableHeader) = try await outcome(["Bearer \(token)", "Basic x"]) else {
            Issue.record("two headers")
            return
        }
        guard case .failed(.rejected(let error)) = try await outcome(["Bearer x.y.z"]) else {
            Issue.record("bad"); return
        }
        #expect(error.code == .malformed)
        guard case .failed(.unknownUser) = try await outcome(["Bearer \(token)"], user: nil) else {
            Issue.record("unknown user")
            return
        }
        guard case .authenticated(let user, let claims) = try await outcome(["Bearer \(token)"]) else {
            Issue.record("valid token")
            return
        }
        #expect(user == "row:alice")
        #expect(claims.username == "alice")
        struct HookFailed: Error {}
        await #expect(throws: HookFailed.self) {
            _ = try await verifier.authenticate(authorization: ["Bearer \(token)"]) { _ -> String? in throw HookFailed()
            }
        }
    }

    @Test("the guard decision: a recorded failure, no token, unmet requirements, pass")
    func guardDecision() async throws {
        let issuer = try LocalCognitoIssuer()
        let claims = try await issuer.verifier().verify(
            issuer.accessToken(username: "bob", groups: ["staff"], scopes: ["a/read"]))
        let admins = CognitoGuard(requiring: .init(anyOfGroups: ["admin"]), realm: "shop")
        func rejection(_ decision: CognitoGuard.Decision) -> HTTPRejection? {
            if case .reject(let rejection) = decision { return rejection }
            return nil
        }
        let expired = BearerAuthFailure.rejected(CognitoJWTError(.expired, "token expired"))
        #expect(rejection(admins.decide(claims: nil, failure: expired)) == expired.rejection(realm: "shop"))
        #expect(rejection(admins.decide(claims: nil, failure: .unreadableHeader))?.reason == "malformed")
        #expect(rejection(admins.decide(claims: nil, failure: nil)) == .missingToken(realm: "shop"))
        #expect(rejection(admins.decide(claims: claims, failure: nil))?.status == 403)
        #expect(rejection(admins.decide(claims: claims, failure: nil))?.reason == "missing_group")
        let scoped = CognitoGuard(requiring: .init(anyOfGroups: ["staff"], allOfScopes: ["a/read"]))
        guard case .pass(let passed) = scoped.decide(claims: claims, failure: nil) else {
            Issue.record("should pass")
            return
        }
        #expect(passed.username == "bob")
        #expect(
            rejection(CognitoGuard(requiring: .init(allOfScopes: ["b/write"])).decide(claims: claims, failure: nil))?
                .wwwAuthenticate
                == #"Bearer realm="api", error="insufficient_scope", error_description="missing_scope""#)
    }
}
