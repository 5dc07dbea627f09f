import CognitoJWT
import CognitoJWTTesting
import Testing

/// Step-up requirements (`acr`, `amr`, `auth_time`) and RFC 9470's `insufficient_user_authentication`.
@Suite("Step-up authentication")
struct StepUpTests {
    /// An access token of the shared issuer at `fixedNow` with these step-up claims.
    func token(acr: String? = nil, amr: [String]? = nil, authTime: Int? = fixedNow - 10) -> String {
        var claims = accessClaims()
        claims["auth_time"] = nil
        for member in LocalCognitoIssuer.authenticationClaims(acr: acr, amr: amr, authTime: authTime).members {
            claims[member.name] = member.value
        }
        return sharedIssuer.sign(claims, keyIndex: 1)
    }

    func code(
        _ token: String, _ requirements: CognitoRequirements, cache: Int = 0
    ) async throws -> CognitoJWTError.Code? {
        let verifier = try makeVerifier(cacheCapacity: cache)
        return await rejection { () throws(CognitoJWTError) in try await verifier.verify(token, requiring: requirements)
        }
    }

    @Test("acr must be one of the required values, byte for byte")
    func acr() async throws {
        let loa3 = CognitoRequirements(anyOfACR: ["urn:cognito:loa:2", "urn:cognito:loa:3"])
        #expect(try await code(token(acr: "urn:cognito:loa:3"), loa3) == nil)
        #expect(try await code(token(acr: "urn:cognito:loa:1"), loa3) == .insufficientUserAuthentication)
        #expect(try await code(token(), loa3) == .insufficientUserAuthentication)
        #expect(try await code(token(acr: "URN:COGNITO:LOA:3"), loa3) == .insufficientUserAuthentication)
    }

    @Test("amr must contain every required method")
    func amr() async throws {
        let mfa = CognitoRequirements(allOfAMR: ["pwd", "mfa"])
        #expect(try await code(token(amr: ["pwd", "otp", "mfa"]), mfa) == nil)
        #expect(try await code(token(amr: ["pwd"]), mfa) == .insufficientUserAuthentication)
        #expect(try await code(token(), mfa) == .insufficientUserAuthentication)
        var claims = accessClaims()
        claims["amr"] = "mfa pwd"
        #expect(try await code(sharedIssuer.sign(claims, keyIndex: 1), mfa) == .insufficientUserAuthentication)
    }

    @Test("auth_time must be no older than the maximum age, also on a cache hit at a later moment")
    func maxAge() async throws {
        let fresh = CognitoRequirements(maxAge: .seconds(300))
        #expect(try await code(token(authTime: fixedNow - 300), fresh) == nil)
        #expect(try await code(token(authTime: fixedNow - 301), fresh) == .insufficientUserAuthentication)
        #expect(try await code(token(authTime: nil), fresh) == .insufficientUserAuthentication)
        let verifier = try makeVerifier(cacheCapacity: 10)
        let recent = token(authTime: fixedNow - 100)
        _ = try await verifier.verify(recent, requiring: fresh)
        _ = try await verifier.verify(recent, requiring: fresh, now: Double(fixedNow + 200))
        let later = await rejection { () throws(CognitoJWTError) in
            try await verifier.verify(recent, requiring: fresh, now: Double(fixedNow + 201))
        }
        #expect(later == .insufficientUserAuthentication)
        #expect(verifier.tokenCacheStatistics.hits == 2)
    }

    @Test("a missing group or scope is 403 first: no stronger sign-in helps")
    func order() async throws {
        let both = CognitoRequirements(anyOfGroups: ["admin"], anyOfACR: ["urn:cognito:loa:3"])
        #expect(try await code(token(), both) == .missingGroup)
    }

    @Test("401 with RFC 9470's challenge: acr_values and max_age of the route")
    func challenge() throws {
        let requirements = CognitoRequirements(
            anyOfACR: ["urn:cognito:loa:2", "urn:cognito:loa:3"], allOfAMR: ["mfa"], maxAge: .seconds(300))
        let rejection = HTTPRejection(
            CognitoJWTError(.insufficientUserAuthentication, "acr"), requirements: requirements, realm: "api")
        #expect(rejection.status == 401)
        #expect(
            rejection.wwwAuthenticate
                == #"Bearer realm="api", error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="urn:cognito:loa:2 urn:cognito:loa:3", max_age="300""#
        )
        #expect(
            rejection.body
                == #"{"error":"insufficient_user_authentication","reason":"insufficient_user_authentication"}"#)
        let amrOnly = HTTPRejection(
            CognitoJWTError(.insufficientUserAuthentication, "amr"), requirements: .init(allOfAMR: ["mfa"]),
            realm: "api")
        #expect(
            amrOnly.wwwAuthenticate
                == #"Bearer realm="api", error="insufficient_user_authentication", error_description="A different authentication level is required""#
        )
    }

    @Test("the shared guard decides step-up at the given moment and answers with the challenge")
    func guardDecision() async throws {
        let claims = try await makeVerifier().verify(token(acr: "urn:cognito:loa:1", authTime: fixedNow - 100))
        let strong = CognitoGuard(requiring: .init(anyOfACR: ["urn:cognito:loa:1"], maxAge: .seconds(120)))
        guard case .pass = strong.decide(claims: claims, failure: nil, now: Double(fixedNow)) else {
            Issue.record("a recent loa:1 sign-in should pass")
            return
        }
        guard case .reject(let late) = strong.decide(claims: claims, failure: nil, now: Double(fixedNow + 21)) else {
            Issue.record("a sign-in older than max_age should be refused")
            return
        }
        #expect(late.status == 401)
        #expect(late.wwwAuthenticate?.hasSuffix(#"acr_values="urn:cognito:loa:1", max_age="120""#) == true)
    }
}
