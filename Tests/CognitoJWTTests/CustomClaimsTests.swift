import CognitoJWT
import CognitoJWTTesting
import Testing

/// Pre token generation V2/V3 claims of every JSON type, and the typed Cognito accessors.
@Suite("Custom claims")
struct CustomClaimsTests {
    @Test("custom claims of every JSON type round-trip without loss")
    func everyType() async throws {
        let custom: JSONObject = [
            "tenant": "acme",
            "seats": .number("12345678901234567890"),
            "ratio": .number("1.5e-3"),
            "beta": true,
            "nothing": nil,
            "regions": ["eu", 1, false],
            "limits": .object(["orders": 10, "nested": .object(["deep": ["x"]])]),
            "custom:plan": "gold",
        ]
        let token = sharedIssuer.accessToken(username: "alice", issuedAt: fixedNow - 10, extraClaims: custom)
        let claims = try await makeVerifier().verify(token)
        #expect(claims.custom("tenant")?.stringValue == "acme")
        #expect(claims.custom("plan")?.stringValue == "gold")
        #expect(claims.custom("beta")?.boolValue == true)
        #expect(claims.custom("seats")?.jsonText == "12345678901234567890")
        #expect(claims.custom("ratio")?.jsonText == "1.5e-3")
        #expect(claims.custom("nothing")?.jsonText == "null")
        #expect(claims.custom("regions")?.jsonText == #"["eu",1,false]"#)
        #expect(claims.custom("limits")?.jsonText == #"{"orders":10,"nested":{"deep":["x"]}}"#)
        #expect(claims.custom("limits")?.objectValue?["orders"]?.doubleValue == 10)
        #expect(claims.custom("absent") == nil)
        for member in custom.members {
            #expect(claims[member.name]?.jsonText == member.value.jsonText, "\(member.name)")
        }
    }

    @Test("cognito:roles, cognito:preferred_role, acr, amr and auth_time are typed")
    func typedAccessors() async throws {
        let role = "arn:aws:iam::123456789012:role/admins"
        var extra = LocalCognitoIssuer.authenticationClaims(
            acr: "urn:cognito:loa:3", amr: ["pwd", "otp", "mfa"], authTime: fixedNow - 30)
        extra["cognito:roles"] = [.string(role), "arn:aws:iam::123456789012:role/users"]
        extra["cognito:preferred_role"] = .string(role)
        let token = sharedIssuer.idToken(username: "alice", issuedAt: fixedNow - 10, extraClaims: extra)
        let claims = try await makeVerifier().verify(token)
        #expect(claims.roles == [role, "arn:aws:iam::123456789012:role/users"])
        #expect(claims.preferredRole == role)
        #expect(claims.acr == "urn:cognito:loa:3")
        #expect(claims.amr == ["pwd", "otp", "mfa"])
        #expect(claims.authTime == Double(fixedNow - 30))
        let plain = try await makeVerifier().verify(sharedIssuer.idToken(username: "bob", issuedAt: fixedNow - 10))
        #expect(plain.roles.isEmpty && plain.preferredRole == nil && plain.acr == nil && plain.amr.isEmpty)
    }
}
