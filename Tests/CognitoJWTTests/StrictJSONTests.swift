import CognitoJWT
import Testing

@Suite("Strict JSON")
struct StrictJSONTests {
    func parse(_ text: String) -> JSONValue? { try? StrictJSON.parse(Array(text.utf8)) }

    @Test("accepts RFC 8259 documents")
    func accepts() throws {
        let object = try StrictJSON.parseObject(
            Array(#" {"a":[1,-2.5e3,0,true,false,null],"b":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","c":{}} "#.utf8))
        #expect(object.names == ["a", "b", "c"])
        #expect(object["b"]?.stringValue == "x\"\\/\u{08}\u{0C}\n\r\té😀")
        #expect(object["a"]?.arrayValue?.count == 6)
        #expect(object["a"]?.arrayValue?[1].doubleValue == -2500)
    }

    @Test(
        "rejects what lenient parsers let through",
        arguments: [
            #"{"a":1,}"#, #"{"a":1} x"#, #"{"a":NaN}"#, #"{"a":Infinity}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#,
            #"{"a":+1}"#, "{\"a\":1 /* c */}", "{\"a\":1} // c", #"{'a':1}"#, #"{a:1}"#, "{\"a\":\"\u{01}\"}",
            #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00x"}"#, #"{"a":"\u12"}"#, #"{"a":tru}"#, #"["#, #""#,
            #"{"a":1}{"#, "\u{FEFF}{}", #"{"a" 1}"#, #"{"a":[1 2]}"#, #"{"a":"unterminated}"#,
        ])
    func rejects(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test("rejects invalid UTF-8")
    func invalidUTF8() {
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x28, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xC0, 0xAF, 0x22],
        ] {
            #expect((try? StrictJSON.parse(bytes)) == nil)
        }
        #expect((try? StrictJSON.parse([0x22, 0xC3, 0xA9, 0x22]))?.stringValue == "é")
    }

    @Test("rejects duplicate member names, also after unescaping")
    func duplicates() {
        #expect(parse(#"{"iss":"a","iss":"b"}"#) == nil)
        #expect(parse(#"{"iss":"a","\u0069ss":"b"}"#) == nil)
        #expect(parse(#"{"a":{"x":1,"x":2}}"#) == nil)
        // Canonically equivalent but different bytes are different names.
        let object = try? StrictJSON.parseObject(Array(#"{"\u00e9":1,"e\u0301":2}"#.utf8))
        #expect(object?.members.count == 2)
        #expect(object?["e\u{0301}"]?.doubleValue == 2)
    }

    @Test("member lookup is byte-exact, not canonical equivalence")
    func byteExactLookup() throws {
        let object = try StrictJSON.parseObject(Array(#"{"\u212a":1}"#.utf8))  // KELVIN SIGN
        #expect("\u{212A}" == "K")  // Swift's == says equal…
        #expect(object["K"] == nil)  // …the lookup does not.
        #expect(object["\u{212A}"] != nil)
    }

    @Test("deep nesting and huge numbers never crash")
    func hostile() {
        #expect(parse(String(repeating: "[", count: 100_000)) == nil)
        #expect(parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)) != nil)
        #expect(
            parse("{\"a\":" + String(repeating: "{\"a\":", count: 200) + "1" + String(repeating: "}", count: 201))
                == nil)
        let huge = parse("[1" + String(repeating: "0", count: 5000) + "e99999]")
        #expect(huge?.arrayValue?.first?.doubleValue == .infinity)
    }

    @Test("serializes back to equivalent JSON")
    func serialize() throws {
        let text = #"{"a":[1,2.50,"x\u0001\"y"],"b":{"c":null,"d":true}}"#
        let value = try StrictJSON.parse(Array(text.utf8))
        #expect(value.jsonText == #"{"a":[1,2.50,"x\u0001\"y"],"b":{"c":null,"d":true}}"#)
        let again = try StrictJSON.parse(Array(value.prettyJSONText.utf8))
        #expect(again.jsonText == value.jsonText)
    }
}

extension JSONValue: Equatable {
    /// Equal when both serialize to the same JSON text.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.jsonText == rhs.jsonText }
}
