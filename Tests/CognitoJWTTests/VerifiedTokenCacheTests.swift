import CognitoJWT
import CognitoJWTTesting
import Foundation
import Testing

/// The cache of verified tokens, through the verifier's behaviour.
@Suite("Verified-token cache")
struct VerifiedTokenCacheTests {
    /// A verifier whose clock the test moves, keys fed by a JWKS provider that counts its calls.
    final class Harness: Sendable {
        let issuer: LocalCognitoIssuer
        let clock = LockedValue<Double>(Double(fixedNow))
        let fetches = LockedValue(0)
        let verifier: CognitoVerifier

        init(issuer: LocalCognitoIssuer = sharedIssuer, capacity: Int = 100) throws {
            self.issuer = issuer
            let (clock, fetches) = (self.clock, self.fetches)
            verifier = try CognitoVerifier(
                pools: [
                    issuer.pool(
                        keySource: .provider {
                            fetches.withLock { $0 += 1 }
                            return issuer.jwksJSON
                        })
                ],
                cacheCapacity: capacity, clock: { clock.withLock { $0 } })
        }

        func code(_ token: String, _ requirements: CognitoRequirements = .none) async -> CognitoJWTError.Code? {
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token, requiring: requirements) }
        }

        func token(exp: Int = fixedNow + 60, groups: [String] = ["staff"], username: String = "alice") -> String {
            issuer.accessToken(
                username: username, groups: groups, scopes: ["orders/read"], expiresIn: exp - (fixedNow - 10),
                issuedAt: fixedNow - 10)
        }
    }

    @Test("a repeated token hits the cache and yields the same claims")
    func hit() async throws {
        let h = try Harness()
        let token = h.token()
        let first = try await h.verifier.verify(token)
        let second = try await h.verifier.verify(token)
        #expect(first.username == "alice")
        #expect(JSONValue.object(second.raw).jsonText == JSONValue.object(first.raw).jsonText)
        #expect(h.fetches.withLock { $0 } == 1)
        #expect(h.verifier.tokenCacheStatistics == TokenCacheStatistics(capacity: 100, entries: 1, hits: 1, misses: 1))
    }

    @Test("expiry is re-checked on every hit")
    func expiresWhileCached() async throws {
        let h = try Harness()
        let token = h.token(exp: fixedNow + 60)
        #expect(await h.code(token) == nil)
        h.clock.withLock { $0 = Double(fixedNow + 60) }
        #expect(await h.code(token) == .expired)
        h.clock.withLock { $0 = Double(fixedNow) }  // a clock going back does not resurrect anything unsafe
        #expect(await h.code(token) == nil)
    }

    @Test("the route's requirements are re-checked on every hit")
    func requirementsOnHit() async throws {
        let h = try Harness()
        let token = h.token(groups: ["staff"])
        #expect(await h.code(token) == nil)
        #expect(await h.code(token, .init(anyOfGroups: ["admin"])) == .missingGroup)
        #expect(await h.code(token, .init(allOfScopes: ["orders/write"])) == .missingScope)
        #expect(await h.code(token, .init(anyOfGroups: ["staff"], allOfScopes: ["orders/read"])) == nil)
    }

    @Test("only the identical token hits: a forged variant is fully verified and rejected")
    func identicalOnly() async throws {
        let h = try Harness()
        let token = h.token()
        #expect(await h.code(token) == nil)
        let parts = token.split(separator: ".").map(String.init)
        var signature = Base64URL.decode(parts[2])!
        signature[0] ^= 0x01
        #expect(await h.code(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)) == .invalidSignature)
        #expect(await h.code(token + "x") == .malformed)
        #expect(await h.code(" " + token) == .malformed)
        let kelvin = token.replacingOccurrences(of: "K", with: "\u{212A}")
        if kelvin != token { #expect(await h.code(kelvin) == .malformed) }
    }

    @Test("rejected tokens are never cached")
    func rejectedNotCached() async throws {
        let h = try Harness()
        let token = h.token(groups: ["staff"])
        #expect(await h.code(token, .init(anyOfGroups: ["admin"])) == .missingGroup)
        #expect(h.verifier.tokenCacheStatistics.entries == 0)
        var forged = Base64URL.decode(String(token.split(separator: ".")[2]))!
        forged[5] ^= 0x10
        let parts = token.split(separator: ".")
        #expect(await h.code(parts[0] + "." + parts[1] + "." + Base64URL.encode(forged)) == .invalidSignature)
        #expect(h.verifier.tokenCacheStatistics.entries == 0)
        #expect(await h.code(token) == nil)
        #expect(h.verifier.tokenCacheStatistics.entries == 1)
    }

    @Test("at capacity, an entry not hit since the hand last passed is evicted (CLOCK)")
    func eviction() async throws {
        let h = try Harness(capacity: 2)
        let (a, b, c) = (h.token(username: "a"), h.token(username: "b"), h.token(username: "c"))
        for t in [a, b] { #expect(await h.code(t) == nil) }
        #expect(await h.code(a) == nil)  // a hits: its reference bit is set
        #expect(await h.code(c) == nil)  // the hand clears a's bit and evicts b, never hit
        #expect(h.verifier.tokenCacheStatistics == TokenCacheStatistics(capacity: 2, entries: 2, hits: 1, misses: 3))
        #expect(await h.code(a) == nil)  // still cached: a hit
        #expect(h.verifier.tokenCacheStatistics.hits == 2)
        #expect(await h.code(b) == nil)  // evicted: a miss, verified again, evicts c
        #expect(h.verifier.tokenCacheStatistics == TokenCacheStatistics(capacity: 2, entries: 2, hits: 2, misses: 4))
        #expect(await h.code(c) == nil)
        #expect(h.verifier.tokenCacheStatistics.misses == 5)
    }

    @Test("a key that leaves the JWKS empties its cached tokens")
    func keyRemoved() async throws {
        let rotating = try LocalCognitoIssuer(region: "ca-central-1")
        let h = try Harness(issuer: rotating)
        let idToken = rotating.idToken(username: "a", expiresIn: 70, issuedAt: fixedNow - 10)
        #expect(await h.code(idToken) == nil)
        try rotating.rotateKeys()  // the ID-token key leaves the JWKS
        try await h.verifier.keyStores[0].refresh()
        #expect(await h.code(idToken) == .unknownKey)
        #expect(h.verifier.tokenCacheStatistics.entries == 0)
    }

    @Test("when one key leaves the JWKS, tokens of the keys that stay keep hitting after one re-check")
    func otherKeyRemoved() async throws {
        let rotating = try LocalCognitoIssuer(region: "ca-central-1")
        let h = try Harness(issuer: rotating, capacity: 1_000)
        let idToken = rotating.idToken(username: "a", expiresIn: 70, issuedAt: fixedNow - 10)
        let accessTokens = (0..<40).map {
            rotating.accessToken(username: "u\($0)", expiresIn: 70, issuedAt: fixedNow - 10)
        }
        #expect(await h.code(idToken) == nil)
        for token in accessTokens { #expect(await h.code(token) == nil) }
        #expect(h.verifier.tokenCacheStatistics.entries == 41)
        try rotating.rotateKeys()  // the ID-token key leaves; the access-token key stays
        try await h.verifier.keyStores[0].refresh()
        for _ in 0..<2 {
            for token in accessTokens { #expect(await h.code(token) == nil) }
        }
        #expect(await h.code(idToken) == .unknownKey)
        let statistics = h.verifier.tokenCacheStatistics
        #expect(statistics.entries == 40)
        // Every access token hit twice (the first hit re-checked its key); the ID token's hit found its key gone.
        #expect(statistics.hits == 80 + 1)
        #expect(statistics.misses == 41)
    }

    @Test("capacity 0 turns the cache off")
    func off() async throws {
        let h = try Harness(capacity: 0)
        let token = h.token()
        #expect(await h.code(token) == nil)
        #expect(await h.code(token) == nil)
        #expect(await h.code(token, .init(anyOfGroups: ["nope"])) == .missingGroup)
        #expect(h.verifier.tokenCacheStatistics == TokenCacheStatistics(capacity: 0, entries: 0, hits: 0, misses: 0))
    }
}
