import CognitoJWT
import Testing

/// Number literals: at most ``JSONLimits/tokenNumberLength`` bytes in a token, so a long one is refused after
/// that many bytes and costs no more than a string of its length.
extension BoundedCostTests {
    @Test("a token's number literal holds at most 64 bytes; a document's any number")
    func numberLength() throws {
        let digits64 = "1" + String(repeating: "0", count: 63)
        let (digits63, digits62) = (String(digits64.dropLast()), String(digits64.dropLast(2)))
        for accepted in [digits64, "-" + digits63, digits62 + ".5", "1e" + digits62] {
            #expect(accepted.utf8.count == 64)
            #expect(parseError(token(payload: #"{"n":\#(accepted)}"#)) == nil, "\(accepted)")
        }
        for refused in [
            digits64 + "0", "-" + digits64, digits63 + ".5", "1e" + digits63, digits64 + ".",
            digits64 + "e", "1" + String(repeating: "0", count: 11_000),
        ] {
            let reason = parseError(token(payload: #"{"n":\#(refused),"m":0}"#))
            #expect(reason?.contains("number longer than 64 bytes") == true, "\(reason ?? "accepted")")
        }
        let header = #"{"alg":"RS256","kid":"k","n":\#(digits64)0}"#
        let reason = parseError(token(payload: "{}", header: header))
        #expect(reason?.contains("header") == true && reason?.contains("number longer than 64 bytes") == true)
        // Documents (a JWKS, `cognito-jwt decode`) and limits made by hand.
        #expect((try? StrictJSON.parseObject(Array(#"{"n":\#(digits64 + digits64)}"#.utf8))) != nil)
        let four = JSONLimits(maximumDepth: 2, maximumMembersPerObject: 2, maximumValues: 2, maximumNumberLength: 4)
        #expect((try? StrictJSON.parse(Array("[1234]".utf8), limits: four)) != nil)
        #expect((try? StrictJSON.parse(Array("[12345]".utf8), limits: four)) == nil)
        #expect((try? StrictJSON.parse(Array("-1.5e3".utf8), limits: four)) == nil)
        #expect(JSONLimits.token.maximumNumberLength == 64 && JSONLimits.header.maximumNumberLength == 64)
    }

    @Test("16 kB of one long number is refused at the literal, before the rest of the payload is read")
    func longNumberRefusedAtTheLiteral() throws {
        // A 16 kB token whose payload is one member filling it, then a duplicate member: the number is refused
        // where it starts (byte 5 of the JSON), the string only at the duplicate name after it.
        let filler = 11_900
        let number = token(payload: #"{"n":1\#(String(repeating: "7", count: filler)),"n":0}"#)
        let string = token(payload: #"{"n":"\#(String(repeating: "7", count: filler))","n":0}"#)
        for forged in [number, string] {
            #expect(forged.utf8.count > 16_000 && forged.utf8.count <= CompactJWS.maximumTokenLength)
        }
        #expect(
            parseError(number)?.contains("number longer than 64 bytes") == true, "\(parseError(number) ?? "")"
        )
        #expect(parseError(string)?.contains("duplicate member name") == true)
        let json = Array(#"{"n":1\#(String(repeating: "7", count: 16_000)),"n":0}"#.utf8)
        let error = #expect(throws: StrictJSON.SyntaxError.self) { try StrictJSON.parseObject(json, limits: .token) }
        #expect(error?.offset == 5)
    }
}
