import CognitoJWT
import CognitoJWTTesting
import Testing

/// The revocation check: after the signature and claims, and on every cache hit.
@Suite("Revocation")
struct RevocationTests {
    /// An ID token of the shared issuer at `fixedNow` (it carries `jti` and `origin_jti`).
    func token(_ username: String = "alice") -> String {
        sharedIssuer.idToken(username: username, issuedAt: fixedNow - 10)
    }

    func verifier(_ revocation: any CognitoRevocationCheck, cache: Int = 10) throws -> CognitoVerifier {
        let pool = CognitoPool(
            issuer: sharedIssuer.issuer, clientIDs: [sharedIssuer.clientID], keySource: .document(sharedIssuer.jwksJSON)
        )
        return try CognitoVerifier(
            pools: [pool], cacheCapacity: cache, clock: { Double(fixedNow) }, revocation: revocation)
    }

    @Test("a revoked session is refused cold, and a cached token of it on its next hit")
    func coldAndCached() async throws {
        let denylist = CognitoTokenDenylist(clock: { Double(fixedNow) })
        let verifier = try verifier(denylist)
        let cached = token()
        let claims = try await verifier.verify(cached)
        _ = try await verifier.verify(cached)
        #expect(verifier.tokenCacheStatistics.hits == 1)
        #expect(denylist.revoke(claims))
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(cached) } == .revoked)
        #expect(verifier.tokenCacheStatistics.hits == 2)
        // A token of the same session never seen before (same origin_jti, new jti) is refused cold.
        let sibling = sharedIssuer.idToken(
            username: "alice", issuedAt: fixedNow - 5, extraClaims: ["origin_jti": .string(claims.originTokenID!)])
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(sibling) } == .revoked)
        // Another session goes on.
        _ = try await verifier.verify(token("bob"))
        let rejected = HTTPRejection(CognitoJWTError(.revoked, "token was revoked"), realm: "api")
        #expect(rejected.status == 401)
        #expect(rejected.wwwAuthenticate == #"Bearer realm="api", error="invalid_token", error_description="revoked""#)
    }

    @Test("by jti: one token only")
    func byTokenID() async throws {
        let denylist = CognitoTokenDenylist(clock: { Double(fixedNow) })
        let verifier = try verifier(denylist, cache: 0)
        let one = token()
        let claims = try await verifier.verify(one)
        denylist.revoke(tokenID: claims.tokenID!, until: claims.expiresAt)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(one) } == .revoked)
        _ = try await verifier.verify(token())
    }

    @Test("entries expire with the tokens they name; the list is bounded, dropping the soonest to expire")
    func expiry() async throws {
        let now = LockedValue(Double(fixedNow))
        let denylist = CognitoTokenDenylist(capacity: 3, clock: { now.withLock { $0 } })
        let claims = try await claims(of: token())
        denylist.revoke(originTokenID: claims.originTokenID!, until: Double(fixedNow + 60))
        #expect(denylist.contains(claims, now: Double(fixedNow + 59)))
        #expect(!denylist.contains(claims, now: Double(fixedNow + 60)))
        denylist.revoke(tokenID: "already-expired", until: Double(fixedNow - 1))
        #expect(denylist.count == 1)
        for i in 1...3 { denylist.revoke(tokenID: "t\(i)", until: Double(fixedNow + 100 * i)) }
        #expect(denylist.count == 3)  // the origin_jti entry, expiring first, made room
        #expect(!denylist.contains(claims, now: Double(fixedNow)))
        now.withLock { $0 = Double(fixedNow + 150) }
        denylist.revoke(tokenID: "t4", until: Double(fixedNow + 1000))
        #expect(denylist.count == 3)
        denylist.removeExpired(now: Double(fixedNow + 250))
        #expect(denylist.count == 2)
    }

    @Test("ids compare byte for byte: a canonically equivalent jti is another jti")
    func byteExact() async throws {
        let denylist = CognitoTokenDenylist(clock: { Double(fixedNow) })
        let claims = try await claims(
            of: sharedIssuer.idToken(username: "a", issuedAt: fixedNow, extraClaims: ["jti": "K", "origin_jti": nil]))
        denylist.revoke(tokenID: "\u{212A}", until: Double(fixedNow + 60))
        #expect(!denylist.contains(claims, now: Double(fixedNow)))
        denylist.revoke(tokenID: "K", until: Double(fixedNow + 60))
        #expect(denylist.contains(claims, now: Double(fixedNow)))
    }

    struct Failing: CognitoRevocationCheck {
        struct Down: Error {}
        func isRevoked(_ claims: CognitoClaims, now: Double) async throws -> Bool { throw Down() }
    }

    @Test("a failing check refuses the token as revocation_unavailable, a 503")
    func failingCheck() async throws {
        let verifier = try verifier(Failing())
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token()) }
                == .revocationUnavailable)
        let answer = HTTPRejection(CognitoJWTError(.revocationUnavailable, "down"), realm: "api")
        #expect(answer.status == 503)
        #expect(answer.wwwAuthenticate == nil)
    }

    /// The verified claims of `token` (no revocation check).
    func claims(of token: String) async throws -> CognitoClaims {
        try await makeVerifier().verify(token)
    }
}
