import CognitoJWTTesting
import Testing

@testable import CognitoJWT

/// Headers of accepted tokens are reused for byte-identical header segments, and never change a verdict.
@Suite("Known headers")
struct KnownHeadersTests {
    func segment(_ token: String) -> [UInt8] { Array(token.utf8.prefix { $0 != UInt8(ascii: ".") }) }

    /// Whether the shard the token's signature picks remembers its header.
    func remembered(_ verifier: CognitoVerifier, _ token: String) -> Bool {
        let selector = token.utf8.dropLast().last ?? 0
        return segment(token).withUnsafeBytes { verifier.knownHeaders.header(for: $0, selector: selector) != nil }
    }

    @Test("only the headers of accepted tokens are remembered")
    func onlyAccepted() async throws {
        let verifier = try makeVerifier()
        let good = signRaw(header: cognitoHeader(), payload: json(accessClaims()))
        var wrongClient = accessClaims()
        wrongClient["client_id"] = "someone-else"
        // Same claims, a header with the members in another order: different bytes, so a header of its own.
        let reordered = #"{"alg":"RS256","kid":"\#(sharedIssuer.signingKeys[1].kid)"}"#
        let rejected = signRaw(header: reordered, payload: json(wrongClient))
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(rejected) } == .wrongAudience)
        #expect(!remembered(verifier, rejected))
        _ = try await verifier.verify(good)
        #expect(remembered(verifier, good))
        #expect(!remembered(verifier, rejected))
    }

    @Test("a remembered header is reused only for byte-identical segments, and every check still runs")
    func verdictsUnchanged() async throws {
        let verifier = try makeVerifier()
        let good = signRaw(header: cognitoHeader(), payload: json(accessClaims()))
        _ = try await verifier.verify(good)
        #expect(remembered(verifier, good))
        func code(_ token: String) async -> CognitoJWTError.Code? {
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) }
        }
        let parts = good.split(separator: ".").map(String.init)
        // The same header with a forged signature, another pool's payload, an expired payload.
        var signature = Base64URL.decode(parts[2])!
        signature[17] ^= 0x40
        #expect(await code(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)) == .invalidSignature)
        var foreign = accessClaims()
        foreign["iss"] = "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"
        #expect(await code(signRaw(header: cognitoHeader(), payload: json(foreign))) == .wrongIssuer)
        var expired = accessClaims()
        expired["exp"] = .number(String(fixedNow - 1))
        #expect(await code(signRaw(header: cognitoHeader(), payload: json(expired))) == .expired)
        // Headers that differ from the remembered one in any byte are read and checked on their own.
        let kid = sharedIssuer.signingKeys[1].kid
        #expect(
            await code(signRaw(header: #"{"kid":"\#(kid)","alg":"RS384"}"#, payload: json(accessClaims())))
                == .unsupportedAlgorithm)
        #expect(
            await code(signRaw(header: #"{"kid":"\#(kid)x","alg":"RS256"}"#, payload: json(accessClaims())))
                == .unknownKey)
        #expect(
            await code(
                signRaw(header: #"{"kid":"\#(kid)","alg":"RS256","crit":["b64"]}"#, payload: json(accessClaims())))
                == .malformed)
        #expect(
            await code(
                signRaw(header: #"{"kid":"\#(kid)","alg":"RS256","alg":"RS256"}"#, payload: json(accessClaims())))
                == .malformed)
        #expect(try await verifier.verify(good).username == "alice")
    }

    @Test("at most eight headers per shard, the oldest going first; each segment once; shards apart")
    func capacity() throws {
        let known = KnownHeaders()
        let header = try CompactJWS(parsing: signRaw(header: cognitoHeader(), payload: json(accessClaims()))).header
        let segments = (0..<10).map { Array("segment-\($0)".utf8) }
        for segment in segments { known.remember(segment: segment, header: header, selector: 3) }
        known.remember(segment: segments[9], header: header, selector: 3)
        func has(_ segment: [UInt8], _ selector: UInt8 = 3) -> Bool {
            segment.withUnsafeBytes { known.header(for: $0, selector: selector) != nil }
        }
        #expect(!has(segments[0]) && !has(segments[1]))
        #expect(segments[2...].allSatisfy { has($0) })
        #expect(!has(Array("segment-".utf8)) && !has(Array("segment-10".utf8)))
        known.remember(segment: Array("segment-10".utf8), header: header, selector: 3)
        #expect(!has(segments[2]) && has(segments[3]))
        // Another shard learnt none of them; a selector that differs only above the shard bits is the same shard.
        #expect(!has(segments[5], 4))
        #expect(has(segments[5], 3 + UInt8(KnownHeaders.shardCount)))
    }

    @Test("the shard is picked by the second-to-last byte of the token, inside the signature")
    func selector() {
        let token = Array("aaa.bbb.cXd".utf8)
        #expect(token.withUnsafeBytes { KnownHeaders.selector(of: $0) } == UInt8(ascii: "X"))
        #expect([UInt8(ascii: "z")].withUnsafeBytes { KnownHeaders.selector(of: $0) } == 0)
    }
}
