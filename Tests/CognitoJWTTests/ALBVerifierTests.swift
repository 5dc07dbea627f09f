import CognitoJWT
import CognitoJWTTesting
import Crypto
import Foundation
import Logging
import Testing

/// ``ALBVerifier/verify(_:now:)`` on data tokens minted as an Application Load Balancer mints them, against a
/// local key server: what it accepts, what it refuses and with which code, and when it fetches keys.
@Suite("ALB data token verification")
struct ALBVerifierTests {
    // MARK: Accepted

    @Test("a data token as the load balancer sends it (padded segments) is accepted with its claims")
    func acceptedPadded() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let token = alb.dataToken(username: "alice", email: "alice@example.org")
            #expect(segments(token).contains { $0.hasSuffix("=") }, "the load balancer pads its segments")
            #expect(segments(token)[2].hasSuffix("=="), "an ES256 signature is 86 characters plus ==")
            let claims = try await verifier.verify(token)
            #expect(claims.subject == sharedIssuer.subject(for: "alice"))
            #expect(claims.email == "alice@example.org")
            #expect(claims["username"]?.stringValue == "alice")
            #expect(claims["email_verified"]?.stringValue == "true")
            #expect(claims.issuer == sharedIssuer.issuer)
            #expect(server.requestedPaths == ["/" + alb.signingKeys[0].kid])
            #expect(verifier.keyFetchCount == 1)
        }
    }

    @Test("a data token without any padding is accepted too")
    func acceptedUnpadded() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let exp = epochNow + 120
            let token = unpaddedDataToken(
                alb, header: alb.dataTokenHeader(expiresAt: exp), claims: albClaims(alb, username: "bob", exp: exp))
            #expect(!token.contains("="))
            let claims = try await verifier.verify(token)
            #expect(claims.subject == sharedIssuer.subject(for: "bob"))
            #expect(claims["username"]?.stringValue == "bob")
            #expect(claims.email == "bob@example.com")
        }
    }

    @Test("the claims expire at the earlier of the header's and the payload's exp")
    func expiresAt() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let exp = epochNow + 120
            let padded = try await verifier.verify(alb.dataToken(username: "alice", expiresIn: 120))
            #expect(abs(padded.expiresAt - Double(exp)) <= 2)
            var claims = albClaims(alb, exp: exp)
            claims["exp"] = nil
            let noPayloadExp = try await verifier.verify(
                unpaddedDataToken(alb, header: alb.dataTokenHeader(expiresAt: exp), claims: claims))
            #expect(noPayloadExp.expiresAt == Double(exp), "the header's exp, not never")
            let earlierPayload = try await verifier.verify(
                unpaddedDataToken(
                    alb, header: alb.dataTokenHeader(expiresAt: exp), claims: albClaims(alb, exp: exp - 60)))
            #expect(earlierPayload.expiresAt == Double(exp - 60))
        }
    }

    @Test("a token signed by the second of several configured load balancers is accepted")
    func secondARN() async throws {
        let first = makeALB()
        let second = makeALB(
            arn: "arn:aws:elasticloadbalancing:eu-central-1:210987654321:loadbalancer/app/second-alb/0123456789abcdef")
        try await withKeyServer(second) { server in
            var configuration = second.configuration(keyBaseURL: server.baseURL)
            configuration.loadBalancerARNs = [first.arn, second.arn]
            let verifier = try ALBVerifier(configuration: configuration)
            let claims = try await verifier.verify(second.dataToken(username: "carol"))
            #expect(claims.subject == sharedIssuer.subject(for: "carol"))
            let third = "arn:aws:elasticloadbalancing:eu-central-1:210987654321:loadbalancer/app/third/0123456789abcdef"
            #expect(
                await albCode(verifier, second.dataToken(username: "carol", header: ["signer": .string(third)]))
                    == .wrongSigner)
        }
    }

    // MARK: Refused before any key fetch

    @Test(
        "a signer that is not a configured load balancer is wrong_signer, byte for byte, without a key fetch",
        arguments: [
            "arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/app/evil/50dc6c495c0c9188",
            "ARN:AWS:ELASTICLOADBALANCING:EU-CENTRAL-1:123456789012:LOADBALANCER/APP/LOCAL-ALB/50DC6C495C0C9188",
            "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/local-alb/50dc6c495c0c9188 ",
            "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/local-alb",
            "",
        ])
    func wrongSigner(signer: String) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(
                await albCode(verifier, alb.dataToken(username: "alice", header: ["signer": .string(signer)]))
                    == .wrongSigner)
            #expect(server.requestCount == 0)
            #expect(verifier.keyFetchCount == 0)
        }
    }

    @Test("a missing or non-string signer is wrong_signer")
    func signerNotAString() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            for value: JSONValue in [.null, .number("1"), .array([.string(alb.arn)])] {
                #expect(
                    await albCode(verifier, alb.dataToken(username: "alice", header: ["signer": value])) == .wrongSigner
                )
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test(
        "a client that is not an accepted client id is wrong_audience",
        arguments: [JSONValue.string("someoneelse"), .string("TESTCLIENT0123456789ABCDEF"), .string(""), .null])
    func wrongClient(client: JSONValue) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(
                await albCode(verifier, alb.dataToken(username: "alice", header: ["client": client])) == .wrongAudience)
            #expect(server.requestCount == 0)
        }
    }

    @Test(
        "an alg other than exactly ES256 is unsupported_algorithm",
        arguments: ["RS256", "none", "es256", "ES384", "HS256", "ES256 ", ""])
    func wrongAlgorithm(alg: String) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(
                await albCode(verifier, alb.dataToken(username: "alice", header: ["alg": .string(alg)]))
                    == .unsupportedAlgorithm)
            #expect(server.requestCount == 0)
        }
    }

    @Test(
        "a well-formed token of another algorithm is unsupported_algorithm, whatever its signature's length",
        arguments: [("RS256", 256), ("ES384", 96), ("HS256", 32), ("none", 0), ("ES256K", 64), ("PS512", 512)])
    func otherAlgorithms(alg: String, signatureLength: Int) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let header = alb.dataTokenHeader(expiresAt: epochNow + 120, overrides: ["alg": .string(alg)])
            let signature = [UInt8](repeating: 7, count: signatureLength)
            for padded in [true, false] {
                let encode = { (bytes: [UInt8]) in
                    padded ? LocalALB.padded(Base64URL.encode(bytes)) : Base64URL.encode(bytes)
                }
                let token = [
                    encode(Array(json(header).utf8)), encode(Array(json(albClaims(alb, exp: epochNow + 120)).utf8)),
                    encode(signature),
                ].joined(separator: ".")
                #expect(await albCode(verifier, token) == .unsupportedAlgorithm, "\(alg), padded: \(padded)")
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("with another algorithm, a token that is not well-formed is still malformed")
    func otherAlgorithmsMalformed() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let encode = { (text: String) in LocalALB.padded(Base64URL.encode(Array(text.utf8))) }
            let payload = encode(json(albClaims(alb, exp: epochNow + 120)))
            let rs256 = encode(json(alb.dataTokenHeader(expiresAt: epochNow + 120, overrides: ["alg": "RS256"])))
            let signature = LocalALB.padded(Base64URL.encode([UInt8](repeating: 7, count: 256)))
            for token in [
                rs256 + "." + payload + "." + "+" + signature.dropFirst(),  // the standard alphabet
                rs256 + "." + payload + "=." + signature,  // padding the payload does not need
                rs256 + "." + payload + "." + signature + "." + signature,
                rs256 + ".." + signature, "." + payload + "." + signature,
                encode(#"{"alg":"RS256","alg":"ES256"}"#) + "." + payload + "." + signature,
                encode(#"{"alg":"RS256""#) + "." + payload + "." + signature,
                encode(#"{"alg":256}"#) + "." + payload + "." + signature,  // not a string: no algorithm named
                encode(#"{"alg":"ES256"}"#) + "." + payload + "." + signature,
            ] {
                #expect(await albCode(verifier, token) == .malformed, "\(token.prefix(40))")
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("a header number longer than 64 bytes is malformed, before any key fetch")
    func longHeaderNumber() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let digits65 = "9" + String(repeating: "0", count: 64)
            for (name, literal) in [("exp", digits65), ("x", digits65), ("x", String(repeating: "1", count: 8_000))] {
                let token = alb.dataToken(username: "alice", header: [name: .number(literal)])
                #expect(await albCode(verifier, token) == .malformed, "\(name): \(literal.utf8.count) bytes")
            }
            #expect(server.requestCount == 0)
            let digits64 = JSONValue.number(String(digits65.dropLast()))
            #expect(await albCode(verifier, alb.dataToken(username: "alice", header: ["x": digits64])) == nil)
        }
    }

    @Test(
        "a kid that is not a UUID is malformed, and no key is requested",
        arguments: [
            "../../etc/passwd", "a/b", "..", "%2F", "%2e%2e%2f", "@evil.example", "evil.example@x", "", "?x=1",
            "#frag", "4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e2/../x", "4f0c1b1e/8a0a/4c43/9f7e/4ad8b0d3c1e2",
            "4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e20", "4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e",
            "4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1g2", "4f0c1b1e-8a0a-4c43-9f7e%2F4ad8b0d3c1",
            "\u{0}f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e2",
            String(repeating: "a", count: 300),
        ])
    func kidNotAUUID(kid: String) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(
                await albCode(verifier, alb.dataToken(username: "alice", header: ["kid": .string(kid)])) == .malformed)
            #expect(server.requestCount == 0)
            #expect(verifier.keyFetchCount == 0)
        }
    }

    @Test("a missing or non-string kid is malformed, and no key is requested")
    func kidNotAString() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let kid = alb.signingKeys[0].kid
            for value: JSONValue in [.null, .number("1"), .array([.string(kid)]), .object(["kid": .string(kid)])] {
                #expect(await albCode(verifier, alb.dataToken(username: "alice", header: ["kid": value])) == .malformed)
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("an iss in the header that is not the configured issuer is wrong_issuer, without a key fetch")
    func wrongHeaderIssuer() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            for value: JSONValue in [
                .string("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"),
                .string(sharedIssuer.issuer + "/"), .null, .number("1"),
            ] {
                #expect(
                    await albCode(verifier, alb.dataToken(username: "alice", header: ["iss": value])) == .wrongIssuer)
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("an expired header exp is expired, without a key fetch; a non-numeric or missing one is invalid_claim")
    func expiredHeader() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let past = JSONValue.number(String(epochNow - 10))
            #expect(await albCode(verifier, alb.dataToken(username: "alice", header: ["exp": past])) == .expired)
            #expect(await albCode(verifier, alb.dataToken(username: "alice", expiresIn: -10)) == .expired)
            #expect(await albCode(verifier, alb.dataToken(username: "alice"), now: Double(epochNow + 3600)) == .expired)
            for value: JSONValue in [.null, .string("\(epochNow + 100)"), .bool(true)] {
                #expect(
                    await albCode(verifier, alb.dataToken(username: "alice", header: ["exp": value])) == .invalidClaim)
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("crit header parameters are malformed")
    func crit() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(
                await albCode(verifier, alb.dataToken(username: "alice", header: ["crit": .array([.string("exp")])]))
                    == .malformed)
            #expect(server.requestCount == 0)
        }
    }

    // MARK: Time

    @Test("the leeway tolerates an exp passed by less than the leeway, and no more")
    func leeway() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let exp = 1_800_000_000
            let fixed: JSONObject = ["exp": .number(String(exp))]
            let token = alb.dataToken(username: "alice", header: fixed, claims: fixed)
            let strict = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(await albCode(strict, token, now: Double(exp - 1)) == nil)
            #expect(await albCode(strict, token, now: Double(exp)) == .expired)
            let lenient = try makeALBVerifier(alb, keyBaseURL: server.baseURL, leeway: .seconds(30))
            #expect(await albCode(lenient, token, now: Double(exp + 29)) == nil)
            #expect(await albCode(lenient, token, now: Double(exp + 30)) == .expired)
            #expect(await albCode(lenient, token, now: Double(exp + 3600)) == .expired)
        }
    }

    @Test("a payload exp that has passed is expired even when the header's has not")
    func expiredPayload() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let token = alb.dataToken(username: "alice", claims: ["exp": .number(String(epochNow - 10))])
            #expect(await albCode(verifier, token) == .expired)
        }
    }

    // MARK: Payload

    @Test("a payload iss that is not the configured issuer (or none) is wrong_issuer")
    func wrongPayloadIssuer() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            for value: JSONValue in [
                .string("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"), .null, .number("2"),
            ] {
                #expect(
                    await albCode(verifier, alb.dataToken(username: "alice", claims: ["iss": value])) == .wrongIssuer)
            }
            let exp = epochNow + 120
            var claims = albClaims(alb, exp: exp)
            claims["iss"] = nil
            #expect(
                await albCode(
                    verifier, unpaddedDataToken(alb, header: alb.dataTokenHeader(expiresAt: exp), claims: claims))
                    == .wrongIssuer)
        }
    }

    // MARK: Signatures

    @Test("a flipped signature byte, another key under the same kid, or a changed payload is invalid_signature")
    func forgedSignature() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let token = alb.dataToken(username: "alice")
            for index in [0, 31, 32, 63] {
                #expect(await albCode(verifier, flippingSignatureByte(token, at: index)) == .invalidSignature)
            }
            let exp = epochNow + 120
            let impostor = LocalALB.sign(
                headerJSON: json(alb.dataTokenHeader(expiresAt: exp)), payloadJSON: json(albClaims(alb, exp: exp)),
                with: P256.Signing.PrivateKey())
            #expect(await albCode(verifier, impostor) == .invalidSignature)
            var parts = segments(token)
            parts[1] = segments(alb.dataToken(username: "mallory"))[1]
            #expect(await albCode(verifier, parts.joined(separator: ".")) == .invalidSignature)
            #expect(await albCode(verifier, token) == nil)
            #expect(server.requestCount == 1)
        }
    }

    @Test("a signature that is not 64 bytes is malformed")
    func signatureLength() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            var parts = segments(alb.dataToken(username: "alice"))
            let signature = Base64URL.decode(String(parts[2].filter { $0 != "=" }))!
            for bytes in [Array(signature.prefix(63)), signature + [0], [], Array(signature.prefix(32))] {
                parts[2] = LocalALB.padded(Base64URL.encode(bytes))
                #expect(await albCode(verifier, parts.joined(separator: ".")) == .malformed)
            }
            #expect(server.requestCount == 0)
        }
    }

    // MARK: Padding and shape

    @Test("the signature segment's padding is optional: the signature does not cover it")
    func signaturePaddingOptional() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let token = alb.dataToken(username: "alice")
            #expect(token.hasSuffix("=="))
            #expect(await albCode(verifier, String(token.dropLast(2))) == nil)
        }
    }

    @Test("padding that is not the canonical padding at a segment's end is malformed, before any key fetch")
    func nonCanonicalPadding() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let token = alb.dataToken(username: "alice")
            let parts = segments(token)
            let (header, payload, signature) = (parts[0], parts[1], parts[2])
            let bareSignature = String(signature.dropLast(2))
            func middle(_ segment: String, _ insert: String) -> String {
                String(segment.prefix(12)) + insert + String(segment.dropFirst(12))
            }
            func replacingMiddle(_ segment: String) -> String {
                String(segment.prefix(12)) + "=" + String(segment.dropFirst(13))
            }
            let cases = [
                header + "===." + payload + "." + signature,
                header + "====." + payload + "." + signature,
                header + "." + payload + "===." + signature,
                header + "." + payload + "." + bareSignature + "===",
                header + "." + payload + "." + bareSignature + "=",
                header + "." + payload + "." + bareSignature + "====",
                header + "." + payload + "." + bareSignature + "==" + "==",
                middle(header, "==") + "." + payload + "." + signature,
                replacingMiddle(header) + "." + payload + "." + signature,
                header + "." + payload + "." + middle(bareSignature, "==") + "",
                header + "." + payload + "." + replacingMiddle(signature),
                header + "." + payload + "." + "==" + bareSignature,
                "=" + header + "." + payload + "." + signature,
                header + "." + "====" + "." + signature,
                "====." + payload + "." + signature,
                header + "." + payload + "." + "====",
            ]
            for (index, candidate) in cases.enumerated() {
                #expect(await albCode(verifier, candidate) == .malformed, "case \(index)")
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("a payload padded where it needs none, or padded twice over, is malformed")
    func payloadPaddingNotNeeded() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let exp = epochNow + 120
            let header = LocalALB.padded(Base64URL.encode(Array(json(alb.dataTokenHeader(expiresAt: exp)).utf8)))
            // A payload whose unpadded length is a multiple of four needs no padding: "==" is not canonical.
            var claims = albClaims(alb, exp: exp)
            var payload = Base64URL.encode(Array(json(claims).utf8))
            var filler = ""
            while payload.utf8.count % 4 != 0 {
                filler += "x"
                claims["f"] = .string(filler)
                payload = Base64URL.encode(Array(json(claims).utf8))
            }
            let key = alb.signingKeys[0].privateKey
            #expect(await albCode(verifier, signSegments(header, payload, with: key, padded: true)) == nil)
            #expect(
                await albCode(verifier, signSegments(header, payload + "==", with: key, padded: true)) == .malformed)
            #expect(await albCode(verifier, signSegments(header, payload + "=", with: key, padded: true)) == .malformed)
        }
    }

    @Test("a correctly signed payload with padding in its middle is malformed")
    func signedPaddingInPayloadMiddle() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let exp = epochNow + 120
            let header = LocalALB.padded(Base64URL.encode(Array(json(alb.dataTokenHeader(expiresAt: exp)).utf8)))
            let payload = LocalALB.padded(Base64URL.encode(Array(json(albClaims(alb, exp: exp)).utf8)))
            let broken = String(payload.prefix(8)) + "==" + String(payload.dropFirst(8))
            let key = alb.signingKeys[0].privateKey
            #expect(await albCode(verifier, signSegments(header, broken, with: key, padded: true)) == .malformed)
            let replaced = String(payload.prefix(8)) + "=" + String(payload.dropFirst(9))
            #expect(await albCode(verifier, signSegments(header, replaced, with: key, padded: true)) == .malformed)
        }
    }

    @Test(
        "tokens of the wrong shape are malformed, before any key fetch",
        arguments: [
            "", ".", "..", "a.b", "a.b.c.d", "not-a-token", "e30.e30.", ".e30.AAAA", "e30..AAAA",
            "eyJhbGciOiJFUzI1NiJ9.e30.AA+A", "eyJhbGciOiJFUzI1NiJ9 .e30.AAAA",
        ])
    func shapes(token: String) async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            #expect(await albCode(verifier, token) == .malformed)
            #expect(server.requestCount == 0)
        }
    }

    @Test(
        "a header with the standard alphabet's + or /, a non-object or duplicate-member header, a too-long token are malformed"
    )
    func headerEncodings() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let parts = segments(alb.dataToken(username: "alice"))
            let plus = "+" + parts[0].dropFirst()
            let slash = "/" + parts[0].dropFirst()
            let notObject = LocalALB.padded(Base64URL.encode(Array("[1,2]".utf8)))
            let duplicate = LocalALB.padded(Base64URL.encode(Array(#"{"alg":"ES256","alg":"ES256"}"#.utf8)))
            let huge = parts[0] + "." + String(repeating: "A", count: 20_000) + "." + parts[2]
            for token in [
                plus + "." + parts[1] + "." + parts[2], slash + "." + parts[1] + "." + parts[2],
                notObject + "." + parts[1] + "." + parts[2],
                duplicate + "." + parts[1] + "." + parts[2], huge,
            ] {
                #expect(await albCode(verifier, token) == .malformed)
            }
            #expect(server.requestCount == 0)
        }
    }

    // MARK: The key server

    @Test("a key server answering garbage, an RSA key, a 500 or too large a body is jwks_unavailable")
    func garbageKey() async throws {
        let rsa = sharedIssuer.signingKeys[0].privateKey.publicKey.pemRepresentation
        let replies: [LocalHTTPServer.Reply] = [
            .response(status: 200, reason: "OK", body: Array("hello, I am not a key".utf8)),
            .response(status: 200, reason: "OK", body: Array(rsa.utf8)), .json("{}"), .status(500), .status(302),
            .response(status: 200, reason: "OK", body: Array(repeating: 0x41, count: 4096)),
        ]
        for reply in replies {
            let alb = makeALB()
            try await withLocalServer({ _ in reply }) { server in
                let verifier = try makeALBVerifier(
                    alb, keyBaseURL: server.baseURL, fetchOptions: JWKSFetchOptions(maximumBodySize: 1024))
                #expect(await albCode(verifier, alb.dataToken(username: "alice")) == .jwksUnavailable)
                #expect(server.requestedPaths == ["/" + alb.signingKeys[0].kid])
            }
        }
    }

    @Test("a key server that stalls beyond the fetch timeout is jwks_unavailable, at the timeout")
    func stall() async throws {
        let alb = makeALB()
        try await withLocalServer({ _ in LocalHTTPServer.Reply(steps: [.pause(.seconds(5))]) }) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL, fetchOptions: JWKSFetchOptions(timeout: .milliseconds(300)))
            let start = ContinuousClock.now
            #expect(await albCode(verifier, alb.dataToken(username: "alice")) == .jwksUnavailable)
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(250))
            #expect(elapsed < .seconds(3), "\(elapsed)")
            #expect(server.requestCount == 1)
        }
        // The error names what was fetched: an ALB public key, not a JWKS.
        try await withLocalServer({ _ in LocalHTTPServer.Reply(steps: [.pause(.seconds(5))]) }) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL, fetchOptions: JWKSFetchOptions(timeout: .milliseconds(200)))
            do {
                _ = try await verifier.verify(alb.dataToken(username: "alice"))
                Issue.record("a stalled key server let a token through")
            } catch let error as CognitoJWTError {
                // Whichever deadline fires first, the request's or the fetch's, names the ALB public key.
                #expect(error.message.contains("ALB public key") && !error.message.contains("JWKS"), "\(error.message)")
            }
        }
    }

    @Test("a key server that headers quickly and drips the body is jwks_unavailable at the timeout")
    func drippingBody() async throws {
        let alb = makeALB()
        let pem = Array(alb.signingKeys[0].publicKeyPEM.utf8)
        let head = LocalHTTPServer.Reply.head(status: 200, reason: "OK", headers: [("Content-Length", "\(pem.count)")])
        let steps: [LocalHTTPServer.Step] =
            [.send(head)] + pem.map { [.send([$0]), .pause(.milliseconds(50))] }.joined()
        try await withLocalServer({ _ in LocalHTTPServer.Reply(steps: steps) }) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL, fetchOptions: JWKSFetchOptions(timeout: .milliseconds(300)))
            let start = ContinuousClock.now
            #expect(await albCode(verifier, alb.dataToken(username: "alice")) == .jwksUnavailable)
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    @Test("a kid the key server does not know (404, 403) is unknown_key")
    func unknownKey() async throws {
        for status in [404, 403] {
            let alb = makeALB()
            try await withLocalServer({ _ in .status(status) }) { server in
                let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
                #expect(await albCode(verifier, alb.dataToken(username: "alice")) == .unknownKey)
                #expect(server.requestCount == 1)
            }
        }
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let stranger = LocalALB.SigningKey.generate()
            #expect(await albCode(verifier, alb.dataToken(username: "alice", signingKey: stranger)) == .unknownKey)
            #expect(server.requestedPaths == ["/" + stranger.kid])
        }
    }

    @Test("an unreachable key server is jwks_unavailable")
    func unreachable() async throws {
        let alb = makeALB()
        let server = try await LocalHTTPServer.start { _ in .status(200) }
        let url = server.baseURL
        try await server.shutdown()
        let verifier = try makeALBVerifier(
            alb, keyBaseURL: url, fetchOptions: JWKSFetchOptions(timeout: .seconds(2), connectTimeout: .seconds(1)))
        #expect(await albCode(verifier, alb.dataToken(username: "alice")) == .jwksUnavailable)
    }

    // MARK: Fetching: cache, single-flight, backoff

    @Test("a fetched key is cached: further tokens with its kid make no request; a new kid makes one")
    func cache() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let token = alb.dataToken(username: "alice")
            #expect(await albCode(verifier, token) == nil)
            #expect(await albCode(verifier, token) == nil)
            #expect(await albCode(verifier, alb.dataToken(username: "bob")) == nil)
            #expect(server.requestCount == 1)
            #expect(verifier.keyFetchCount == 1)
            let rotated = alb.rotateKey()
            #expect(await albCode(verifier, alb.dataToken(username: "alice")) == nil)
            #expect(await albCode(verifier, token) == nil)
            #expect(server.requestedPaths == ["/" + alb.signingKeys[0].kid, "/" + rotated.kid])
        }
    }

    @Test("concurrent verifications of tokens with one new kid make one key request")
    func singleFlight() async throws {
        let alb = makeALB()
        let pem = Array(alb.signingKeys[0].publicKeyPEM.utf8)
        let slow = LocalHTTPServer.Reply(
            steps: [.pause(.milliseconds(300))]
                + LocalHTTPServer.Reply.response(status: 200, reason: "OK", body: pem).steps)
        try await withLocalServer({ _ in slow }) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let tokens = (0..<24).map { alb.dataToken(username: "user\($0)") }
            let codes = await withTaskGroup(of: CognitoJWTError.Code?.self) { group in
                for token in tokens { group.addTask { await albCode(verifier, token) } }
                var codes: [CognitoJWTError.Code?] = []
                for await code in group { codes.append(code) }
                return codes
            }
            #expect(codes.count == 24)
            #expect(codes.allSatisfy { $0 == nil })
            #expect(server.requestCount == 1)
            #expect(verifier.keyFetchCount == 1)
        }
    }

    @Test("concurrent verifications with one unknown kid share one failed request")
    func singleFlightFailure() async throws {
        let alb = makeALB()
        let slow404 = LocalHTTPServer.Reply(
            steps: [.pause(.milliseconds(300))] + LocalHTTPServer.Reply.status(404).steps)
        try await withLocalServer({ _ in slow404 }) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let codes = await withTaskGroup(of: CognitoJWTError.Code?.self) { group in
                for index in 0..<12 {
                    let token = alb.dataToken(username: "user\(index)")
                    group.addTask { await albCode(verifier, token) }
                }
                var codes: [CognitoJWTError.Code?] = []
                for await code in group { codes.append(code) }
                return codes
            }
            #expect(codes == Array(repeating: .unknownKey, count: 12))
            #expect(server.requestCount == 1)
        }
    }

    @Test("a 404 answers for its kid only: a valid token with another new kid is fetched and accepted at once")
    func unknownKidIsPerKid() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL,
                fetchOptions: JWKSFetchOptions(
                    cooldown: .seconds(30), failureBackoff: .seconds(30), maximumFailureBackoff: .seconds(30)))
            let forged = alb.dataToken(username: "mallory", signingKey: .generate())
            #expect(await albCode(verifier, forged) == .unknownKey)
            #expect(server.requestCount == 1)
            let valid = alb.dataToken(username: "alice")
            #expect(await albCode(verifier, valid) == nil, "not paused by another kid's 404")
            #expect(server.requestCount == 2)
            #expect(await albCode(verifier, alb.dataToken(username: "bob", signingKey: .generate())) == .unknownKey)
            #expect(server.requestCount == 3)
            // The 404 is remembered for the cool-down: its kid is refused without a request.
            #expect(await albCode(verifier, forged) == .unknownKey)
            #expect(server.requestCount == 3)
            #expect(verifier.keyFetchCount == 3)
        }
    }

    @Test("after a 500, a token with another new kid is refused without a request during the backoff")
    func failureBackoff() async throws {
        let alb = makeALB()
        let failing = LockedValue(true)
        let pem = Array(alb.signingKeys[0].publicKeyPEM.utf8)
        try await withLocalServer({ _ in
            failing.withLock { $0 } ? .status(500) : .response(status: 200, reason: "OK", body: pem)
        }) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL,
                fetchOptions: JWKSFetchOptions(failureBackoff: .seconds(30), maximumFailureBackoff: .seconds(30)))
            let stranger = alb.dataToken(username: "mallory", signingKey: .generate())
            #expect(await albCode(verifier, stranger) == .jwksUnavailable)
            #expect(server.requestCount == 1)
            failing.withLock { $0 = false }
            let valid = alb.dataToken(username: "alice")
            #expect(await albCode(verifier, valid) == .jwksUnavailable, "refused during the backoff")
            #expect(server.requestCount == 1)
            #expect(verifier.keyFetchCount == 1)
        }
    }

    @Test("the backoff after a failed fetch does not refuse tokens whose key is cached")
    func backoffKeepsCachedKeys() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL,
                fetchOptions: JWKSFetchOptions(failureBackoff: .seconds(30), maximumFailureBackoff: .seconds(30)))
            #expect(await albCode(verifier, alb.dataToken(username: "alice")) == nil)
            #expect(
                await albCode(verifier, alb.dataToken(username: "alice", signingKey: .generate())) == .unknownKey)
            #expect(await albCode(verifier, alb.dataToken(username: "bob")) == nil)
            #expect(server.requestCount == 2)
        }
    }

    // MARK: Error messages

    @Test("error messages and logs never contain the token or any of its segments")
    func messagesWithoutToken() async throws {
        let recorder = ObservabilityTests.Recorder()
        let logger = Logger(label: "test") { _ in ObservabilityTests.RecordingHandler(recorder: recorder) }
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(
                alb, keyBaseURL: server.baseURL,
                fetchOptions: JWKSFetchOptions(failureBackoff: .zero, maximumFailureBackoff: .zero), logger: logger)
            let token = alb.dataToken(username: "alice")
            let tokens = [
                flippingSignatureByte(token, at: 3), alb.dataToken(username: "alice", header: ["signer": "x"]),
                alb.dataToken(username: "alice", header: ["client": "x"]),
                alb.dataToken(username: "alice", header: ["alg": "RS256"]),
                alb.dataToken(username: "alice", header: ["kid": "../x"]),
                alb.dataToken(username: "alice", expiresIn: -30),
                alb.dataToken(username: "alice", claims: ["iss": "https://elsewhere"]),
                alb.dataToken(username: "alice", signingKey: .generate()), token + "=", "x" + token,
            ]
            for candidate in tokens {
                do throws(CognitoJWTError) {
                    _ = try await verifier.verify(candidate)
                    Issue.record("accepted a refused token")
                } catch {
                    for part in segments(candidate) where part.utf8.count >= 8 {
                        #expect(!error.message.contains(part.prefix(16)))
                        #expect(!error.description.contains(part.prefix(16)))
                    }
                }
            }
            #expect(!recorder.records.withLock { $0 }.isEmpty, "the failed fetch is logged")
            for record in recorder.records.withLock({ $0 }) {
                for part in tokens.flatMap(segments) where part.utf8.count >= 8 {
                    #expect(!record.text.contains(part.prefix(16)))
                }
            }
        }
    }

    // MARK: authenticate

    @Test("authenticate: no data header is none, a refused one failed with its code, a valid one the user")
    func authenticate() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL)
            let none = try await verifier.authenticate(headers: ALBHeaders(data: [])) { $0.subject }
            guard case .none = none else {
                Issue.record("expected none, got \(none)")
                return
            }
            let refused = try await verifier.authenticate(
                headers: ALBHeaders(data: [alb.dataToken(username: "alice", header: ["signer": "x"])])
            ) { $0.subject }
            guard case .failed(let failure) = refused else {
                Issue.record("expected failed, got \(refused)")
                return
            }
            #expect(failure.reason == "wrong_signer")
            let unknown = try await verifier.authenticate(headers: ALBHeaders(data: [alb.dataToken(username: "alice")]))
            {
                _ -> String? in nil
            }
            guard case .failed(.unknownUser) = unknown else {
                Issue.record("expected unknownUser, got \(unknown)")
                return
            }
            let accepted = try await verifier.authenticate(
                headers: ALBHeaders(data: [alb.dataToken(username: "alice")])
            ) {
                $0.subject
            }
            guard case .authenticated(let user, let claims) = accepted else {
                Issue.record("expected authenticated, got \(accepted)")
                return
            }
            #expect(user == sharedIssuer.subject(for: "alice"))
            #expect(claims.email == "alice@example.com")
        }
    }
}
