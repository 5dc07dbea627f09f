import CognitoJWT
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
        #expect(BearerToken(authorizationValues: ["Basic x", "Bearer t"]) == .token("t"))
    }

    @Test("an empty, spaced, controlled, non-ASCII or oversized bearer value is invalid")
    func invalid() {
        for value in ["Bearer", "Bearer ", "Bearer    ", "Bearer a b", "Bearer a\tb", "Bearer a\u{0}b", "Bearer ab\u{7F}",
                      "Bearer é", "Bearer a\r\nX-Evil: 1", "Bearer " + String(repeating: "a", count: 65_536)] {
            #expect(BearerToken(authorization: value) == .invalid, "\(value.prefix(20))")
        }
        #expect(BearerToken(authorizationValues: ["Bearer a", "Bearer b"]) == .invalid)
    }

    @Test("rejections map to RFC 6750 answers")
    func rejections() {
        let expired = HTTPRejection(CognitoJWTError(.expired, "token expired"), realm: "api")
        #expect(expired.status == 401)
        #expect(expired.wwwAuthenticate == #"Bearer realm="api", error="invalid_token", error_description="expired""#)
        #expect(expired.body == #"{"error":"invalid_token","reason":"expired"}"#)
        #expect(HTTPRejection(CognitoJWTError(.missingScope, ""), realm: "api").status == 403)
        #expect(HTTPRejection(CognitoJWTError(.missingScope, ""), realm: "api").wwwAuthenticate?.contains(#"error="insufficient_scope""#) == true)
        #expect(HTTPRejection(CognitoJWTError(.missingGroup, ""), realm: "api").status == 403)
        #expect(HTTPRejection(CognitoJWTError(.jwksUnavailable, ""), realm: "api").status == 503)
        for code in CognitoJWTError.Code.allCases {
            let status = HTTPRejection(CognitoJWTError(code, "m"), realm: "api").status
            #expect([401, 403, 503].contains(status))
        }
        #expect(HTTPRejection.missingToken(realm: "orders").wwwAuthenticate == #"Bearer realm="orders""#)
        #expect(HTTPRejection.missingToken(realm: #"a"b"#).wwwAuthenticate == #"Bearer realm="a\"b""#)
    }
}
