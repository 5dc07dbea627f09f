import CognitoJWT
import Testing

@Suite("Strict base64url")
struct Base64URLTests {
    @Test("round-trips every length", arguments: 0..<40)
    func roundTrip(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("="))
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test("uses the URL-safe alphabet")
    func alphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    @Test(
        "rejects padding, whitespace, the standard alphabet and impossible lengths",
        arguments: ["AQ==", "AQ=", "A Q", "AQ\n", "+/8", "a/8", "A", "AAAAA", "AQ.", "Zm9v\u{00E9}"])
    func rejects(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test("rejects non-canonical trailing bits")
    func nonCanonical() {
        #expect(Base64URL.decode("AQ") == [0x01])
        #expect(Base64URL.decode("AR") == nil)  // same byte, non-zero unused bits
        #expect(Base64URL.decode("AAE") == [0x00, 0x01])
        #expect(Base64URL.decode("AAF") == nil)
    }
}

@Suite("Strict base64url, long inputs")
struct Base64URLLongInputTests {
    @Test("a character outside the alphabet is caught at every position")
    func everyPosition() {
        let bytes = (0..<61).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ 3) }
        let text = Array(Base64URL.encode(bytes).utf8)
        #expect(Base64URL.decode(text) == bytes)
        for position in text.indices {
            for bad in [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "/"), 0x00, 0x80, 0xFF] {
                var mutated = text
                mutated[position] = bad
                #expect(Base64URL.decode(mutated) == nil, "byte \(bad) at \(position)")
            }
        }
    }
}
