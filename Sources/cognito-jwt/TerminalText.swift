import CognitoJWT

/// Text from a token or a JWKS made safe to print: C0 and C1 control characters, DEL and the Unicode bidi
/// controls become visible `\u{…}` escapes, so nothing untrusted can move the cursor, ring the bell, start a
/// new line or reorder what a terminal shows.
enum TerminalText {
    /// `text` with every unsafe scalar escaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if JSONValue.needsEscapeForTerminals(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
