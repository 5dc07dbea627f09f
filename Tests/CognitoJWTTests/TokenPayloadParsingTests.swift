import CognitoJWT
import CognitoJWTTesting
import Testing

/// `CompactJWS` keeps header and payload as their text and reads members on demand. It must accept and reject
/// exactly what `StrictJSON` does, and give the same members.
@Suite("Token payload parsing")
struct TokenPayloadParsingTests {
    /// An unsigned compact JWS whose payload segment is `payload`, byte for byte.
    func jws(payload: [UInt8]) -> String {
        Base64URL.encode(#"{"alg":"RS256","kid":"k"}"#.utf8) + "." + Base64URL.encode(payload) + "."
            + Base64URL.encode([UInt8](repeating: 7, count: 256))
    }

    func payload(_ bytes: [UInt8]) -> JSONObject? { try? CompactJWS(parsing: jws(payload: bytes)).payload }

    @Test(
        "gives the members, names and values the eager parser gives",
        arguments: [
            #"{}"#,
            #" {"sub":"a","n":-1.5e3,"t":true,"f":false,"z":null} "#,
            #"{"iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x","cognito:groups":["a","b\"c"],"o":{"k":[{}]}}"#,
            #"{"\u0069ss":"esc\u00e9ped \ud83d\ude00 \/ \\ \b\f\n\r\t","plain":"x","e\u0301":"é"}"#,
            #"{"a\"b":"\"","":"","k":"\u0000"}"#,
            "{\"naïve\":\"ünïcödé ✓\",\"long\":\"\(String(repeating: "abcdefgh", count: 40))\"}",
        ])
    func parity(_ text: String) throws {
        let eager = try StrictJSON.parseObject(Array(text.utf8))
        let lazy = try #require(payload(Array(text.utf8)))
        #expect(lazy.count == eager.count)
        #expect(lazy.names == eager.names)
        #expect(JSONValue.object(lazy).jsonText == JSONValue.object(eager).jsonText)
        for name in eager.names {
            #expect(lazy[name]?.jsonText == eager[name]?.jsonText, "member \(name)")
        }
        #expect(lazy["absent"] == nil)
    }

    @Test(
        "rejects what the eager parser rejects",
        arguments: [
            #"{"a":1,}"#, #"{"a":1} x"#, #"{"a":NaN}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":+1}"#, "{\"a\":\"\u{01}\"}",
            #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00x"}"#, #"{"a":"\u12"}"#, #"{"a":tru}"#, #"["#, #"[1]"#,
            #""x""#, #"{"a" 1}"#, #"{"a":[1 2]}"#, #"{"a":"unterminated}"#, #"{"iss":"a","\u0069ss":"b"}"#,
            #"{"a":{"x":1,"x":2}}"#, #"{"\u00e9":1,"\u00E9":2}"#, #"{"a":1"#, #"{"a":"#, #"{"#,
        ])
    func rejects(_ text: String) {
        #expect((try? StrictJSON.parseObject(Array(text.utf8))) == nil)
        #expect(payload(Array(text.utf8)) == nil)
    }

    @Test("canonically equivalent names stay distinct, and lookups are byte-exact")
    func byteExact() throws {
        let object = try #require(payload(Array(#"{"\u00e9":1,"e\u0301":2,"\u212a":3}"#.utf8)))
        #expect(object.count == 3)
        #expect(object["e\u{0301}"]?.doubleValue == 2)
        #expect(object["\u{00E9}"]?.doubleValue == 1)
        #expect(object["K"] == nil)
        #expect(object["\u{212A}"]?.doubleValue == 3)
    }

    @Test("a special byte is found at every position of a long string", arguments: 0..<19)
    func everyPosition(offset: Int) throws {
        func document(_ inner: [UInt8]) -> [UInt8] {
            var content = [UInt8](repeating: UInt8(ascii: "a"), count: 19)
            content.replaceSubrange(offset..<(offset + 1), with: inner)
            return Array(#"{"s":""#.utf8) + content + Array(#""}"#.utf8)
        }
        for rejected: [UInt8] in [[0x01], [0x1F], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x5C]] {
            #expect(payload(document(rejected)) == nil, "byte \(rejected) at \(offset)")
            #expect((try? StrictJSON.parseObject(document(rejected))) == nil)
        }
        let cases: [([UInt8], String)] = [
            ([0x7F], "\u{7F}"), ([0x20], " "), ([0xC3, 0xA9], "é"),
            (Array(#"\""#.utf8), "\""), (Array(#"\u0041"#.utf8), "A"),
        ]
        for (accepted, character) in cases {
            let expected =
                String(repeating: "a", count: offset) + character + String(repeating: "a", count: 18 - offset)
            #expect(payload(document(accepted))?["s"]?.stringValue == expected, "\(accepted) at \(offset)")
        }
        // A quote ends the string early: what follows is not JSON.
        #expect(payload(document([0x22])) == nil)
    }

    @Test("the verifier's claims read from the token text")
    func claimsFromText() async throws {
        let issuer = try LocalCognitoIssuer()
        let verifier = try issuer.verifier()
        let token = issuer.accessToken(username: "z\u{00FC}rich", groups: ["a\"b", "staff"], scopes: ["orders/read"])
        let claims = try await verifier.verify(token)
        #expect(claims.username == "z\u{00FC}rich")
        #expect(claims.isMember(of: "a\"b") && claims.isMember(of: "staff") && !claims.isMember(of: "a"))
        #expect(claims.hasScope("orders/read") && !claims.hasScope("orders") && !claims.hasScope(""))
        #expect(claims.raw.count == claims.raw.members.count)
    }
}
