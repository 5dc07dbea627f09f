import CognitoJWT
import CognitoJWTTesting
import Crypto
import Foundation
import Testing

/// Each rule of the verification contract, with an accepting and a rejecting case.
@Suite("Verification contract")
struct VerifierContractTests {
    let issuer = sharedIssuer

    func verify(
        _ token: String, tokenUse: TokenUse = .any, clientIDs: AcceptedClients? = nil,
        requiring requirements: CognitoRequirements = .none, leeway: Duration = .zero,
        now: Int = fixedNow
    ) async throws -> CognitoJWTError.Code? {
        let verifier = try makeVerifier(tokenUse: tokenUse, clientIDs: clientIDs, leeway: leeway)
        return await rejection { () throws(CognitoJWTError) in
            try await verifier.verify(token, requiring: requirements, now: Double(now))
        }
    }

    func token(_ claims: JSONObject, keyIndex: Int = 1) -> String {
        signRaw(header: cognitoHeader(keyIndex: keyIndex), payload: json(claims), keyIndex: keyIndex)
    }

    // MARK: 1. Parse

    @Test("a well-formed Cognito access token is accepted")
    func accepts() async throws {
        let verifier = try makeVerifier()
        let claims = try await verifier.verify(token(accessClaims()))
        #expect(claims.tokenUse == .access)
        #expect(claims.username == "alice")
        #expect(claims.clientID == issuer.clientID)
        #expect(claims.scopes == ["aws.cognito.signin.user.admin", "orders/read"])
        #expect(claims.expiresAt == Double(fixedNow + 3600))
    }

    @Test("tokens longer than 16,384 bytes are malformed at once")
    func tooLong() async throws {
        var claims = accessClaims()
        claims["pad"] = .string(String(repeating: "x", count: 13_000))
        let long = token(claims)
        #expect(long.utf8.count > 16_384)
        #expect(try await verify(long) == .malformed)
        claims["pad"] = .string(String(repeating: "x", count: 10_000))
        let fits = token(claims)
        #expect(fits.utf8.count <= 16_384)
        #expect(try await verify(fits) == nil)
    }

    @Test("segment structure and base64url are strict")
    func structure() async throws {
        let good = token(accessClaims())
        let parts = good.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let cases = [
            "", ".", "..", "a.b", parts[0] + "." + parts[1], parts[0] + "." + parts[1] + ".",
            "." + parts[1] + "." + parts[2], parts[0] + ".." + parts[2], good + ".x", good + ".",
            parts[0] + "=." + parts[1] + "." + parts[2], parts[0] + "." + parts[1] + "." + parts[2] + "==",
            " " + good, good + " ", good + "\n",
            parts[0] + "."
                + parts[1].replacingOccurrences(of: "-", with: "+")
                .replacingOccurrences(of: "_", with: "/") + "x." + parts[2],
            "Bearer " + good, good.replacingOccurrences(of: ".", with: "\u{FF0E}"),
        ]
        for bad in cases {
            #expect(try await verify(bad) == .malformed, "\(bad.prefix(40))")
        }
    }

    @Test(
        "header and payload must be strict JSON objects",
        arguments: [
            (#"{"kid":"K","alg":"RS256",}"#, "{}"), (#"["RS256"]"#, "{}"), (#""x""#, "{}"),
            (#"{"alg":"RS256","alg":"RS256","kid":"K"}"#, "{}"), (#"{"alg":"RS256","kid":"K"} "#, "{} x"),
            (#"{"alg":"RS256","kid":"K"}"#, #"{"iss":"a","\u0069ss":"b"}"#), (#"{"alg":"RS256","kid":"K"}"#, "[]"),
            (#"{"alg":"RS256","kid":"K"}"#, #"{"exp":NaN}"#), (#"{"alg":"RS256","kid":"K"}"#, "{\"a\":1 /*x*/}"),
        ])
    func strictJSON(header: String, payload: String) async throws {
        #expect(try await verify(signRaw(header: header, payload: payload)) == .malformed)
    }

    @Test("invalid UTF-8 in the payload is malformed")
    func invalidUTF8() async throws {
        let header = Base64URL.encode(cognitoHeader().utf8)
        let payload = Base64URL.encode(Array(#"{"sub":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        let signature = Base64URL.encode([UInt8](repeating: 1, count: 256))
        #expect(try await verify(header + "." + payload + "." + signature) == .malformed)
    }

    // MARK: 2. Header

    @Test(
        "alg must be exactly RS256",
        arguments: [
            "none", "None", "NONE", "nOnE", "HS256", "HS384", "HS512", "PS256", "ES256", "RS384", "RS512", "rs256",
            "RS256 ",
            "EdDSA", "",
        ])
    func algorithm(alg: String) async throws {
        let header = #"{"kid":"\#(issuer.signingKeys[1].kid)","alg":"\#(alg)"}"#
        #expect(try await verify(signRaw(header: header, payload: json(accessClaims()))) == .unsupportedAlgorithm)
    }

    @Test("alg missing or not a string is unsupported; an unsigned alg:none token is malformed")
    func algorithmShape() async throws {
        let kid = issuer.signingKeys[1].kid
        #expect(
            try await verify(signRaw(header: #"{"kid":"\#(kid)"}"#, payload: json(accessClaims())))
                == .unsupportedAlgorithm)
        #expect(
            try await verify(signRaw(header: #"{"kid":"\#(kid)","alg":["RS256"]}"#, payload: json(accessClaims())))
                == .unsupportedAlgorithm)
        let unsigned =
            Base64URL.encode(#"{"alg":"none"}"#.utf8) + "." + Base64URL.encode(json(accessClaims()).utf8) + "."
        #expect(try await verify(unsigned) == .malformed)
        let noneSigned =
            Base64URL.encode(#"{"alg":"none","kid":"\#(kid)"}"#.utf8) + "."
            + Base64URL.encode(json(accessClaims()).utf8) + ".AA"
        #expect(try await verify(noneSigned) == .unsupportedAlgorithm)
    }

    @Test("HS256 signed with the public key as the HMAC secret is refused")
    func algorithmConfusion() async throws {
        let header = #"{"kid":"\#(issuer.signingKeys[1].kid)","alg":"HS256"}"#
        let input = Base64URL.encode(header.utf8) + "." + Base64URL.encode(json(accessClaims()).utf8)
        let secret = Array(issuer.jwksJSON.utf8)
        let mac = Array(HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: secret)))
        #expect(try await verify(input + "." + Base64URL.encode(mac)) == .unsupportedAlgorithm)
    }

    @Test("crit is rejected")
    func crit() async throws {
        let header = #"{"kid":"\#(issuer.signingKeys[1].kid)","alg":"RS256","crit":["exp"],"exp":1}"#
        #expect(try await verify(signRaw(header: header, payload: json(accessClaims()))) == .malformed)
    }

    @Test("kid is required, a string, and matched byte for byte")
    func kid() async throws {
        let kid = issuer.signingKeys[1].kid
        let payload = json(accessClaims())
        #expect(try await verify(signRaw(header: #"{"alg":"RS256"}"#, payload: payload)) == .unknownKey)
        #expect(try await verify(signRaw(header: #"{"alg":"RS256","kid":7}"#, payload: payload)) == .unknownKey)
        #expect(try await verify(signRaw(header: #"{"alg":"RS256","kid":""}"#, payload: payload)) == .unknownKey)
        #expect(
            try await verify(signRaw(header: #"{"alg":"RS256","kid":"\#(kid.lowercased())"}"#, payload: payload))
                == .unknownKey)
        #expect(
            try await verify(signRaw(header: #"{"alg":"RS256","kid":"\#(kid) "}"#, payload: payload)) == .unknownKey)
        // The same kid written with escaped slashes, as Cognito does, is the same kid.
        let escaped = kid.replacingOccurrences(of: "/", with: "\\/")
        #expect(try await verify(signRaw(header: #"{"alg":"RS256","kid":"\#(escaped)"}"#, payload: payload)) == nil)
        // typ is optional.
        #expect(
            try await verify(signRaw(header: #"{"alg":"RS256","kid":"\#(kid)","typ":"JWT"}"#, payload: payload)) == nil)
    }

    @Test("a kid that is only canonically equivalent does not match")
    func kidCanonicalEquivalence() async throws {
        let real = LocalCognitoIssuer.SigningKey(kid: "K-key", privateKey: issuer.signingKeys[1].privateKey)
        let jwks = JSONValue.object(["keys": [.object(real.jwk)]]).jsonText
        let verifier = try makeVerifier(jwks: jwks)
        let payload = json(accessClaims())
        let genuine = signRaw(header: #"{"alg":"RS256","kid":"K-key"}"#, payload: payload)
        let kelvin = signRaw(header: #"{"alg":"RS256","kid":"\u212a-key"}"#, payload: payload)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(genuine) } == nil)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(kelvin) } == .unknownKey)
    }

    @Test("keys embedded in the token (jwk, jku, x5u, x5c) are never used")
    func embeddedKeys() async throws {
        let attacker = try LocalCognitoIssuer.SigningKey.generate()
        let jwk = JSONValue.object(attacker.jwk).jsonText
        let payload = json(accessClaims())
        for extra in [
            #""jwk":\#(jwk)"#, #""jku":"http://127.0.0.1:1/jwks.json""#, #""x5u":"http://127.0.0.1:1/c""#,
            #""x5c":["MIIB"]"#,
        ] {
            // Signed by the attacker with their own kid: no such key in the JWKS.
            let own = LocalCognitoIssuer.sign(
                headerJSON: #"{"alg":"RS256","kid":"\#(attacker.kid)",\#(extra)}"#,
                payloadJSON: payload, with: attacker.privateKey)
            #expect(try await verify(own) == .unknownKey)
            // Signed by the attacker but naming the pool's kid: the pool's key decides.
            let borrowed = LocalCognitoIssuer.sign(
                headerJSON: #"{"alg":"RS256","kid":"\#(issuer.signingKeys[1].kid)",\#(extra)}"#,
                payloadJSON: payload, with: attacker.privateKey)
            #expect(try await verify(borrowed) == .invalidSignature)
        }
    }

    // MARK: 3. Key

    @Test("unusable keys in the JWKS are unknown, good ones beside them still work")
    func unusableKeys() async throws {
        let good = issuer.signingKeys[1]
        let weak = try LocalCognitoIssuer.SigningKey.generate()
        func variant(_ kid: String, _ change: (inout JSONObject) -> Void) -> JSONValue {
            var jwk = weak.jwk
            jwk["kid"] = .string(kid)
            change(&jwk)
            return .object(jwk)
        }
        let keys: [JSONValue] = [
            variant("enc") { $0["use"] = "enc" },
            variant("rs512") { $0["alg"] = "RS512" },
            variant("ec") { $0["kty"] = "EC" },
            variant("oct") { $0 = ["kty": "oct", "kid": "oct", "k": "c2VjcmV0"] },
            variant("short") { $0["n"] = .string(Base64URL.encode([UInt8](repeating: 0xC5, count: 128))) },
            variant("padded") { $0["n"] = .string(($0["n"]?.stringValue ?? "") + "=") },
            variant("use-number") { $0["use"] = 1 },
            variant("ok-no-use-no-alg") {
                $0["use"] = nil; $0["alg"] = nil
            },
            .string("not an object"),
            .object(good.jwk),
        ]
        let jwks = JSONValue.object(["keys": .array(keys)]).jsonText
        let set = try JSONWebKeySet(json: jwks)
        #expect(set.keys.map(\.kid) == ["ok-no-use-no-alg", good.kid])
        #expect(set.entries.count == 10)
        #expect(set.entries[4].bits == 1024)
        let verifier = try makeVerifier(jwks: jwks)
        let payload = json(accessClaims())
        for kid in ["enc", "rs512", "ec", "oct", "short", "padded", "use-number"] {
            let token = LocalCognitoIssuer.sign(
                headerJSON: #"{"alg":"RS256","kid":"\#(kid)"}"#, payloadJSON: payload,
                with: weak.privateKey)
            #expect(
                await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } == .unknownKey,
                "\(kid)")
        }
        let usable = LocalCognitoIssuer.sign(
            headerJSON: #"{"alg":"RS256","kid":"ok-no-use-no-alg"}"#, payloadJSON: payload,
            with: weak.privateKey)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(usable) } == nil)
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token(accessClaims())) } == nil)
    }

    @Test("RSA keys of 3072 and 4096 bits are usable")
    func largerKeys() async throws {
        let big = try LocalCognitoIssuer.SigningKey.generate(bits: 3072)
        let jwks = JSONValue.object(["keys": [.object(big.jwk)]]).jsonText
        let verifier = try makeVerifier(jwks: jwks)
        let token = LocalCognitoIssuer.sign(
            headerJSON: #"{"alg":"RS256","kid":"\#(big.kid)"}"#,
            payloadJSON: json(accessClaims()), with: big.privateKey)
        #expect(try await verifier.verify(token).username == "alice")
        #expect(try JSONWebKeySet(json: jwks).keys.first?.bits == 3072)
    }

    // MARK: 4. Signature

    @Test("any change to the signed bytes or the signature fails")
    func signature() async throws {
        let good = token(accessClaims())
        let parts = good.split(separator: ".").map(String.init)
        var claims = accessClaims()
        claims["username"] = "mallory"
        let otherPayload = Base64URL.encode(json(claims).utf8)
        #expect(try await verify(parts[0] + "." + otherPayload + "." + parts[2]) == .invalidSignature)
        var signature = Base64URL.decode(parts[2])!
        signature[10] ^= 1
        #expect(try await verify(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)) == .invalidSignature)
        #expect(
            try await verify(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature.dropLast()))
                == .invalidSignature)
        #expect(
            try await verify(parts[0] + "." + parts[1] + "." + Base64URL.encode([0] + Base64URL.decode(parts[2])!))
                == .invalidSignature)
        #expect(try await verify(parts[0] + "." + parts[1] + ".AA") == .invalidSignature)
        // Signed with the pool's other key (the ID-token key) but naming the access-token kid.
        let wrongKey = signRaw(header: cognitoHeader(keyIndex: 1), payload: json(accessClaims()), keyIndex: 0)
        #expect(try await verify(wrongKey) == .invalidSignature)
    }

    // MARK: 5. Claims

    @Test("iss must equal the pool's issuer exactly, and picks no JWKS otherwise")
    func issuerClaim() async throws {
        for bad: JSONValue in [
            .string(issuer.issuer + "/"), .string(issuer.issuer.uppercased()),
            .string(issuer.issuer.replacingOccurrences(of: "https", with: "http")), 1, .null,
            .array([.string(issuer.issuer)]),
        ] {
            var claims = accessClaims()
            claims["iss"] = bad
            #expect(try await verify(token(claims)) == .wrongIssuer)
        }
        var claims = accessClaims()
        claims["iss"] = nil
        #expect(try await verify(token(claims)) == .wrongIssuer)
    }

    @Test("token_use must be id or access and match the configuration")
    func tokenUse() async throws {
        var id = accessClaims()
        id["token_use"] = "id"
        id["aud"] = .string(issuer.clientID)
        #expect(try await verify(token(id), tokenUse: .id) == nil)
        #expect(try await verify(token(id), tokenUse: .access) == .wrongTokenUse)
        #expect(try await verify(token(accessClaims()), tokenUse: .id) == .wrongTokenUse)
        #expect(try await verify(token(accessClaims()), tokenUse: .access) == nil)
        for bad: JSONValue in ["ID", "Access", "refresh", "", 1, .array(["access"]), .null] {
            var claims = accessClaims()
            claims["token_use"] = bad
            #expect(try await verify(token(claims)) == .wrongTokenUse)
        }
        var missing = accessClaims()
        missing["token_use"] = nil
        #expect(try await verify(token(missing)) == .wrongTokenUse)
    }

    @Test("ID tokens: aud is a string equal to a client id")
    func idAudience() async throws {
        var claims = accessClaims()
        claims["token_use"] = "id"
        claims["client_id"] = nil
        claims["aud"] = .string(issuer.clientID)
        #expect(try await verify(token(claims)) == nil)
        #expect(try await verify(token(claims), clientIDs: ["other", issuer.clientID]) == nil)
        #expect(try await verify(token(claims), clientIDs: ["other"]) == .wrongAudience)
        claims["aud"] = .array([.string(issuer.clientID)])
        #expect(try await verify(token(claims)) == .wrongAudience)
        claims["aud"] = nil
        claims["client_id"] = .string(issuer.clientID)  // an ID token's audience is aud, not client_id
        #expect(try await verify(token(claims)) == .wrongAudience)
        #expect(try await verify(token(claims), clientIDs: .every) == nil)  // every app client, by choice
    }

    @Test("access tokens: client_id is a string equal to a client id; aud is not needed")
    func accessAudience() async throws {
        #expect(try await verify(token(accessClaims())) == nil)
        var claims = accessClaims()
        claims["client_id"] = .string(issuer.clientID.uppercased())
        #expect(try await verify(token(claims)) == .wrongAudience)
        claims["client_id"] = nil
        claims["aud"] = .string(issuer.clientID)
        #expect(try await verify(token(claims)) == .wrongAudience)
    }

    @Test("exp is required and expiry is exp <= now - leeway")
    func expiry() async throws {
        var claims = accessClaims()
        claims["exp"] = .number(String(fixedNow))
        #expect(try await verify(token(claims)) == .expired)
        claims["exp"] = .number(String(fixedNow + 1))
        #expect(try await verify(token(claims)) == nil)
        claims["exp"] = .number("\(fixedNow).5")
        #expect(try await verify(token(claims)) == nil)
        claims["exp"] = .number(String(fixedNow - 30))
        #expect(try await verify(token(claims), leeway: .seconds(31)) == nil)
        #expect(try await verify(token(claims), leeway: .seconds(30)) == .expired)
        claims["exp"] = nil
        #expect(try await verify(token(claims)) == .invalidClaim)
    }

    @Test("exp, nbf and iat must be JSON numbers", arguments: ["exp", "nbf", "iat"])
    func timeClaimTypes(name: String) async throws {
        for bad: JSONValue in [.string(String(fixedNow + 100)), true, .null, .array([1]), .number("1e400")] {
            var claims = accessClaims()
            claims[name] = bad
            #expect(try await verify(token(claims)) == .invalidClaim, "\(name)=\(bad.jsonText)")
        }
    }

    @Test("nbf and iat in the future are not yet valid, within the leeway they pass")
    func notYetValid() async throws {
        for name in ["nbf", "iat"] {
            var claims = accessClaims()
            claims[name] = .number(String(fixedNow + 60))
            #expect(try await verify(token(claims)) == .notYetValid)
            #expect(try await verify(token(claims), leeway: .seconds(60)) == nil)
            claims[name] = .number(String(fixedNow))
            #expect(try await verify(token(claims)) == nil)
        }
    }

    @Test("groups: any of the required groups, compared byte for byte")
    func groups() async throws {
        var claims = accessClaims()
        claims["cognito:groups"] = ["admin", "staff"]
        let signed = token(claims)
        #expect(try await verify(signed, requiring: .init(anyOfGroups: ["admin"])) == nil)
        #expect(try await verify(signed, requiring: .init(anyOfGroups: ["ops", "staff"])) == nil)
        #expect(try await verify(signed, requiring: .init(anyOfGroups: ["Admin"])) == .missingGroup)
        #expect(try await verify(signed, requiring: .init(anyOfGroups: ["ops"])) == .missingGroup)
        #expect(try await verify(token(accessClaims()), requiring: .init(anyOfGroups: ["admin"])) == .missingGroup)
        claims["cognito:groups"] = "admin"
        #expect(try await verify(token(claims), requiring: .init(anyOfGroups: ["admin"])) == .missingGroup)
        claims["cognito:groups"] = ["caf\u{E9}"]
        #expect(try await verify(token(claims), requiring: .init(anyOfGroups: ["cafe\u{301}"])) == .missingGroup)
        #expect(try await verify(token(claims), requiring: .init(anyOfGroups: ["caf\u{E9}"])) == nil)
    }

    @Test("scopes: every required scope in the access token's scope; ID tokens never satisfy them")
    func scopes() async throws {
        let signed = token(accessClaims())
        #expect(try await verify(signed, requiring: .init(allOfScopes: ["orders/read"])) == nil)
        #expect(
            try await verify(signed, requiring: .init(allOfScopes: ["orders/read", "aws.cognito.signin.user.admin"]))
                == nil)
        #expect(
            try await verify(signed, requiring: .init(allOfScopes: ["orders/read", "orders/write"])) == .missingScope)
        #expect(try await verify(signed, requiring: .init(allOfScopes: ["orders"])) == .missingScope)
        var id = accessClaims()
        id["token_use"] = "id"
        id["aud"] = .string(issuer.clientID)
        #expect(try await verify(token(id), requiring: .init(allOfScopes: ["orders/read"])) == .missingScope)
        var numeric = accessClaims()
        numeric["scope"] = 1
        #expect(try await verify(token(numeric), requiring: .init(allOfScopes: ["orders/read"])) == .missingScope)
    }

    @Test("the checks run in contract order")
    func order() async throws {
        // Bad alg and bad iss: the header is checked first.
        var claims = accessClaims()
        claims["iss"] = "https://evil.example"
        let header = #"{"kid":"\#(issuer.signingKeys[1].kid)","alg":"HS256"}"#
        #expect(try await verify(signRaw(header: header, payload: json(claims))) == .unsupportedAlgorithm)
        // Bad signature and expired: the signature is checked before any claim.
        var expired = accessClaims()
        expired["exp"] = 1
        let parts = token(expired).split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Base64URL.decode(parts[2])!.reversed())
        #expect(try await verify(parts[0] + "." + parts[1] + "." + forged) == .invalidSignature)
    }

    @Test("several pools: the token's iss picks the pool, an unknown iss fetches nothing")
    func severalPools() async throws {
        let other = try LocalCognitoIssuer(region: "us-west-2", userPoolID: "us-west-2_Other", clientID: "otherclient")
        let server = try await other.startJWKSServer()
        defer { Task { try? await server.shutdown() } }
        let verifier = try CognitoVerifier(pools: [
            sharedIssuer.pool(tokenUse: .access, keySource: .document(sharedIssuer.jwksJSON)),
            other.pool(tokenUse: .id, keySource: .url(server.baseURL + other.jwksPath)),
        ])
        #expect(try await verifier.verify(sharedIssuer.accessToken(username: "a")).username == "a")
        #expect(try await verifier.verify(other.idToken(username: "b")).username == "b")
        #expect(server.requestCount == 1)
        await #expect(throws: CognitoJWTError(.wrongTokenUse, "expected token_use id")) {
            try await verifier.verify(other.accessToken(username: "b"))
        }
        let stranger = try LocalCognitoIssuer(region: "ap-south-1")
        await #expect(throws: CognitoJWTError.self) { try await verifier.verify(stranger.accessToken(username: "c")) }
        #expect(
            await rejection { () throws(CognitoJWTError) in
                try await verifier.verify(stranger.accessToken(username: "c"))
            } == .wrongIssuer)
        #expect(server.requestCount == 1)
    }

    @Test("errors never contain the token or its signature")
    func errorsDoNotEchoTokens() async throws {
        let good = token(accessClaims())
        let signature = String(good.split(separator: ".")[2])
        let verifier = try makeVerifier(clientIDs: ["nobody"])
        do {
            _ = try await verifier.verify(good)
            Issue.record("expected a rejection")
        } catch {
            #expect(error.code == .wrongAudience)
            #expect(!error.description.contains(signature.prefix(16)))
            #expect(!error.description.contains(good.prefix(30)))
        }
    }

    @Test("garbage never crashes, hangs or escapes the error type")
    func fuzz() async throws {
        var generator = SystemRandomNumberGenerator()
        let verifier = try makeVerifier()
        let good = token(accessClaims())
        let alphabet = Array("ABCxyz019-_.=+/ \u{0}é\"{}".utf8)
        for round in 0..<400 {
            var bytes = Array(good.utf8)
            for _ in 0..<(1 + round % 6) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[i] = alphabet.randomElement(using: &generator)!
            }
            let mutated = String(decoding: bytes, as: UTF8.self)
            if mutated == good { continue }
            let code = await rejection { () throws(CognitoJWTError) in try await verifier.verify(mutated) }
            #expect(code != nil)
        }
    }
}
