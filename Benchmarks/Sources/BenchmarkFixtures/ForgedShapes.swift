import CognitoJWT
import CognitoJWTTesting

/// Forged tokens of pathological shapes, each within the 16 kB limit and carrying the pool's real `iss` and a
/// real `kid` (both are public), with a signature that does not verify; and the yardsticks they are measured
/// against: well-formed tokens with a bad signature, of the same size (a user in 900 groups) and of the
/// usual size.
public struct ForgedShapes: Sendable {
    /// One pathological shape.
    public struct Shape: Sendable {
        /// What it is.
        public let name: String
        /// The forged token.
        public let token: String
    }

    /// Distinct well-formed tokens of the usual size (about 1.1 kB) whose signature was altered.
    public let badSignatures: [String]
    /// Distinct well-formed tokens of almost 16 kB (many groups) whose signature was altered: the yardstick.
    public let largeBadSignatures: [String]
    /// The shapes.
    public let shapes: [Shape]

    /// Builds both from `fixture`'s pool.
    public init(fixture: BenchmarkIssuer, count: Int) async {
        let tokens = await fixture.mint(count, startingAt: 1_000_000)
        badSignatures = tokens.map(Self.breakSignature)
        let issuer = fixture.issuer
        let groups = (0..<900).map { "group-\($0)" }
        largeBadSignatures = (0..<200).map { i in
            Self.breakSignature(issuer.accessToken(username: "large\(i)", groups: groups, scopes: ["orders/read"]))
        }
        let kid = issuer.signingKeys[1].kid
        let header = #"{"kid":"\#(kid)","alg":"RS256"}"#
        let unknownKid = #"{"kid":"not-in-the-jwks","alg":"RS256"}"#
        let claims = #""iss":"\#(issuer.issuer)","token_use":"access","client_id":"\#(issuer.clientID)","exp":9999999999"#
        let signature = String(tokens[0].split(separator: ".")[2])
        func token(_ payload: String, header: String = header) -> String {
            Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "." + signature
        }
        /// A payload that fills the token to about 16,000 bytes with `element` repeated, joined by commas.
        func filling(
            _ prefix: String, _ element: (Int) -> String, _ suffix: String, separator: String = ",", reserve: Int = 600
        ) -> String {
            var parts: [String] = []
            var length = prefix.utf8.count + suffix.utf8.count
            while true {
                let next = element(parts.count)
                if (length + next.utf8.count + separator.utf8.count) * 4 / 3 + reserve > CompactJWS.maximumTokenLength {
                    break
                }
                parts.append(next)
                length += next.utf8.count + separator.utf8.count
            }
            return prefix + parts.joined(separator: separator) + suffix
        }
        func name(_ i: Int) -> String {
            let alphabet = Array("!#$%&'()*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz")
            return "\"" + String(alphabet[i / alphabet.count % alphabet.count]) + String(alphabet[i % alphabet.count])
                + (i >= alphabet.count * alphabet.count ? String(i) : "") + "\":0"
        }
        shapes = [
            Shape(name: "distinct-names-nested", token: token(filling("{\(claims),\"x\":{", name, "}}"))),
            Shape(name: "distinct-names-flat", token: token(filling("{\(claims),", name, "}"))),
            Shape(name: "names-at-object-limit", token: token(
                "{\(claims)," + (0..<8).map { o in "\"o\(o)\":{" + (0..<140).map { name($0) }.joined(separator: ",") + "}" }
                    .joined(separator: ",") + "}")),
            Shape(name: "deep-nesting", token: token("{\(claims),\"x\":" + String(repeating: "[", count: 8_000) + "}")),
            Shape(name: "deep-within-limit", token: token(
                "{\(claims),\"x\":" + String(repeating: "[", count: 31) + String(repeating: "]", count: 31) + "}")),
            Shape(name: "escapes", token: token(filling("{\(claims),\"x\":\"", { _ in #"\u00e9"# }, "\"}", separator: ""))),
            Shape(name: "escaped-names", token: token(filling("{\(claims),", { #""\u00e9\#($0)":0"# }, "}"))),
            Shape(name: "long-number", token: token(filling("{\(claims),\"x\":1", { _ in "0000000000" }, "}", separator: ""))),
            Shape(name: "long-string", token: token(filling("{\(claims),\"x\":\"", { _ in "aaaaaaaaaa" }, "\"}", separator: ""))),
            Shape(name: "many-elements", token: token(filling("{\(claims),\"x\":[", { _ in "0" }, "]}"))),
            Shape(name: "many-strings", token: token(filling("{\(claims),\"x\":[", { _ in "\"ab\"" }, "]}"))),
            Shape(name: "huge-header", token: token(
                "{\(claims)}", header: filling(#"{"kid":"\#(kid)","alg":"RS256","#, name, "}", reserve: 900))),
            Shape(name: "unknown-kid-escapes", token: token(
                filling("{\(claims),\"x\":\"", { _ in #"\u00e9"# }, "\"}", separator: ""), header: unknownKid)),
            Shape(name: "unknown-kid-elements", token: token(
                filling("{\(claims),\"x\":[", { _ in "0" }, "]}"), header: unknownKid)),
            Shape(name: "unknown-kid-names", token: token(filling("{\(claims),\"x\":{", name, "}}"), header: unknownKid)),
            Shape(name: "duplicate-at-end", token: token(
                "{\(claims)," + (0..<250).map(name).joined(separator: ",") + "," + name(0) + "}")),
        ]
    }

    /// The token with one signature byte changed: still canonical base64url, the signature no longer verifies.
    static func breakSignature(_ token: String) -> String {
        var bytes = Array(token.utf8)
        let last = bytes.count - 10
        bytes[last] = bytes[last] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return String(decoding: bytes, as: UTF8.self)
    }
}
