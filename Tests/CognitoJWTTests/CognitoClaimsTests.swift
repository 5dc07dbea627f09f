import CognitoJWT
import CognitoJWTTesting
import Testing

/// Typed access to verified claims.
@Suite("Claims")
struct CognitoClaimsTests {
    func claims(_ changes: JSONObject) async throws -> CognitoClaims {
        var object = accessClaims()
        for member in changes.members { object[member.name] = member.value }
        let token = signRaw(header: cognitoHeader(), payload: json(object))
        return try await makeVerifier().verify(token)
    }

    @Test("scopes split on single spaces; hasScope matches whole scopes only")
    func scopes() async throws {
        let c = try await claims(["scope": "  a/read b/write  a "])
        #expect(c.scopes == ["a/read", "b/write", "a"])
        #expect(c.hasScope("a/read") && c.hasScope("b/write") && c.hasScope("a"))
        #expect(!c.hasScope("a/") && !c.hasScope("read") && !c.hasScope("") && !c.hasScope(" "))
    }

    @Test("groups: a list of strings; anything else is no membership")
    func groups() async throws {
        let c = try await claims(["cognito:groups": ["admin", "staff"]])
        #expect(c.groups == ["admin", "staff"])
        #expect(c.isMember(of: "staff") && !c.isMember(of: "Staff"))
        let mixed = try await claims(["cognito:groups": ["admin", 1]])
        #expect(mixed.groups.isEmpty && !mixed.isMember(of: "admin"))
        let text = try await claims(["cognito:groups": "admin"])
        #expect(!text.isMember(of: "admin"))
    }

    @Test("user, client and custom attributes")
    func accessors() async throws {
        let issuer = sharedIssuer
        let verifier = try issuer.verifier()
        let id = try await verifier.verify(
            issuer.idToken(
                username: "bob", email: "b@example.com", emailVerified: false,
                customAttributes: ["tier": "gold"]))
        #expect(id.username == "bob" && id.email == "b@example.com" && id.emailVerified == false)
        #expect(id.customAttributes["tier"]?.stringValue == "gold")
        #expect(id.clientID == issuer.clientID && id.audience == issuer.clientID)
        #expect(id.subject == issuer.subject(for: "bob") && id.tokenID != nil && id.eventID != nil)
        let machine = try await verifier.verify(issuer.clientCredentialsToken(scopes: ["reports/read"]))
        #expect(machine.isClientCredentials && machine.username == nil && machine.hasScope("reports/read"))
        #expect(CognitoIdentity(claims: machine).isClient && CognitoIdentity(claims: machine).id == issuer.clientID)
        let emulator = try await claims(["email_verified": "true"])
        #expect(emulator.emailVerified == true)
    }
}
