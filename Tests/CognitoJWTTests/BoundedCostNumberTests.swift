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

    /// The shortest time, over several rounds taken in turns, that `parse` takes on each input `count` times.
    func fastest(_ inputs: [() -> Void], count: Int) -> [Duration] {
        var best = inputs.map { _ in Duration.seconds(3_600) }
        for _ in 0..<9 {
            for (index, parse) in inputs.enumerated() {
                let elapsed = ContinuousClock().measure { for _ in 0..<count { parse() } }
                best[index] = min(best[index], elapsed)
            }
        }
        return best
    }

    @Test("refusing 16 kB of one long number costs at most 1.5x refusing 16 kB of one long string")
    func longNumberCost() throws {
        // 16 kB tokens, each payload one member filling it and then a duplicate member: both refused.
        let filler = 11_900
        let number = token(payload: #"{"n":1\#(String(repeating: "7", count: filler)),"n":0}"#)
        let string = token(payload: #"{"n":"\#(String(repeating: "7", count: filler))","n":0}"#)
        for forged in [number, string] {
            #expect(forged.utf8.count > 16_000 && forged.utf8.count <= CompactJWS.maximumTokenLength)
        }
        #expect(parseError(number)?.contains("number longer than 64 bytes") == true)
        #expect(parseError(string)?.contains("duplicate member name") == true)
        let tokens = fastest(
            [{ _ = try? CompactJWS(parsing: number) }, { _ = try? CompactJWS(parsing: string) }], count: 100)
        #expect(tokens[0] * 2 <= tokens[1] * 3, "number \(tokens[0]), string \(tokens[1])")
        // The JSON alone, without the base64url decoding both share.
        let numberJSON = Array(#"{"n":1\#(String(repeating: "7", count: 16_000)),"n":0}"#.utf8)
        let stringJSON = Array(#"{"n":"\#(String(repeating: "7", count: 16_000))","n":0}"#.utf8)
        let json = fastest(
            [
                { _ = try? StrictJSON.parseObject(numberJSON, limits: .token) },
                { _ = try? StrictJSON.parseObject(stringJSON, limits: .token) },
            ], count: 100)
        #expect(json[0] * 2 <= json[1] * 3, "number \(json[0]), string \(json[1])")
    }
}
