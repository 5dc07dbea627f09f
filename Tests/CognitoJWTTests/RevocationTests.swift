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
        #expect(try denylist.revoke(claims))
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
        try denylist.revoke(tokenID: claims.tokenID!, until: claims.expiresAt)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(one) } == .revoked)
        _ = try await verifier.verify(token())
    }

    @Test("entries expire with the tokens they name and are dropped once expired")
    func expiry() async throws {
        let now = LockedValue(Double(fixedNow))
        let denylist = CognitoTokenDenylist(capacity: 3, clock: { now.withLock { $0 } })
        let claims = try await claims(of: token())
        try denylist.revoke(originTokenID: claims.originTokenID!, until: Double(fixedNow + 60))
        #expect(denylist.contains(claims, now: Double(fixedNow + 59)))
        #expect(!denylist.contains(claims, now: Double(fixedNow + 60)))
        try denylist.revoke(tokenID: "already-expired", until: Double(fixedNow - 1))
        #expect(denylist.count == 1)
        for i in 1...2 { try denylist.revoke(tokenID: "t\(i)", until: Double(fixedNow + 100 * i)) }
        #expect(denylist.count == 3)
        now.withLock { $0 = Double(fixedNow + 150) }
        try denylist.revoke(tokenID: "t4", until: Double(fixedNow + 1000))  // room made by the two expired ones
        #expect(denylist.count == 2)
        denylist.removeExpired(now: Double(fixedNow + 250))
        #expect(denylist.count == 1)
    }

    @Test("a full denylist drops no unexpired revocation: the first session revoked stays refused")
    func fullKeepsEveryRevocation() async throws {
        let denylist = CognitoTokenDenylist(capacity: 3, clock: { Double(fixedNow) })
        let verifier = try verifier(denylist, cache: 0)
        let victim = token()
        let claims = try await verifier.verify(victim)
        // The victim's entry expires first: the one a list that evicts the soonest to expire would drop.
        try denylist.revoke(originTokenID: claims.originTokenID!, until: Double(fixedNow + 60))
        try denylist.revoke(tokenID: "t1", until: Double(fixedNow + 3_000))
        try denylist.revoke(tokenID: "t2", until: Double(fixedNow + 3_000))
        for i in 3...50 {
            #expect(throws: CognitoTokenDenylist.Full.self) {
                try denylist.revoke(tokenID: "t\(i)", until: Double(fixedNow + 3_000))
            }
        }
        #expect(denylist.count == 3)
        #expect(denylist.contains(claims, now: Double(fixedNow)))
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(victim) } == .revoked)
    }

    @Test("a revocation that finds the list full throws; unrevoked tokens are then revocation_unavailable")
    func fullFailsClosed() async throws {
        let denylist = CognitoTokenDenylist(capacity: 2, clock: { Double(fixedNow) })
        let verifier = try verifier(denylist, cache: 10)
        let revoked = token()
        let bystander = token("bob")
        let claims = try await verifier.verify(revoked)
        let bystanderClaims = try await verifier.verify(bystander)
        #expect(try await !denylist.isRevoked(bystanderClaims, now: Double(fixedNow)))
        #expect(try denylist.revoke(claims))
        try denylist.revoke(tokenID: "other", until: Double(fixedNow + 60))
        // Full, but nothing refused yet: tokens verify as before.
        _ = try await verifier.verify(bystander)
        do throws(CognitoTokenDenylist.Full) {
            try denylist.revoke(bystanderClaims)
            Issue.record("a full denylist recorded a revocation")
        } catch {
            #expect(error.capacity == 2)
            #expect(error.description == "the token denylist is full (2 unexpired revocations)")
        }
        #expect(!denylist.contains(bystanderClaims, now: Double(fixedNow)))
        await #expect(throws: CognitoTokenDenylist.Full.self) {
            try await denylist.isRevoked(bystanderClaims, now: Double(fixedNow))
        }
        // The bystander's revocation may have been lost: every token not held as revoked is refused, cached or not.
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(bystander) }
                == .revocationUnavailable)
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token("carol")) }
                == .revocationUnavailable)
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(revoked) } == .revoked)
        let answer = HTTPRejection(CognitoJWTError(.revocationUnavailable, "the revocation check failed"), realm: "api")
        #expect(answer.status == 503)
        #expect(answer.body == #"{"error":"temporarily_unavailable","reason":"revocation_unavailable"}"#)
    }

    @Test("once entries expire (on the injected clock) a full list records revocations and answers again")
    func fullRecoversAsEntriesExpire() async throws {
        let now = LockedValue(Double(fixedNow))
        let denylist = CognitoTokenDenylist(capacity: 2, clock: { now.withLock { $0 } })
        let bystander = try await claims(of: token("bob"))
        try denylist.revoke(tokenID: "a", until: Double(fixedNow + 60))
        try denylist.revoke(tokenID: "b", until: Double(fixedNow + 120))
        #expect(throws: CognitoTokenDenylist.Full.self) {
            try denylist.revoke(tokenID: "c", until: Double(fixedNow + 90))
        }
        // Re-revoking a held id needs no room; the refusal stands.
        try denylist.revoke(tokenID: "b", until: Double(fixedNow + 180))
        await #expect(throws: CognitoTokenDenylist.Full.self) {
            try await denylist.isRevoked(bystander, now: Double(fixedNow))
        }
        now.withLock { $0 = Double(fixedNow + 59) }
        await #expect(throws: CognitoTokenDenylist.Full.self) {
            try await denylist.isRevoked(bystander, now: Double(fixedNow + 59))
        }
        now.withLock { $0 = Double(fixedNow + 60) }  // "a" expires: room again
        #expect(try await !denylist.isRevoked(bystander, now: Double(fixedNow + 60)))
        #expect(denylist.count == 1)
        try denylist.revoke(tokenID: "c", until: Double(fixedNow + 90))
        #expect(denylist.count == 2)
        #expect(throws: CognitoTokenDenylist.Full.self) {
            try denylist.revoke(tokenID: "d", until: Double(fixedNow + 90))
        }
        // A revocation finding room again ends the refusal too.
        now.withLock { $0 = Double(fixedNow + 90) }
        try denylist.revoke(tokenID: "d", until: Double(fixedNow + 150))
        #expect(try await !denylist.isRevoked(bystander, now: Double(fixedNow + 90)))
        // "b" was extended to +180: it outlives its first expiry.
        let b = try await claims(
            of: sharedIssuer.idToken(username: "b", issuedAt: fixedNow, extraClaims: ["jti": "b", "origin_jti": nil]))
        #expect(try await denylist.isRevoked(b, now: Double(fixedNow + 179)))
        #expect(try await !denylist.isRevoked(b, now: Double(fixedNow + 180)))
    }

    @Test("an expiry that is infinite or not a number revokes for good; one already past records nothing")
    func nonFiniteExpiry() async throws {
        let denylist = CognitoTokenDenylist(capacity: 10, clock: { Double(fixedNow) })
        try denylist.revoke(tokenID: "nan", until: .nan)
        try denylist.revoke(tokenID: "forever", until: .infinity)
        try denylist.revoke(tokenID: "past", until: Double(fixedNow - 1))
        #expect(denylist.count == 2)
        for id in ["nan", "forever"] {
            let claims = try await claims(
                of: sharedIssuer.idToken(
                    username: id, issuedAt: fixedNow, extraClaims: ["jti": .string(id), "origin_jti": nil]))
            #expect(try await denylist.isRevoked(claims, now: 1e15), "\(id)")
        }
        denylist.removeExpired(now: 1e15)
        #expect(denylist.count == 2)
    }

    @Test("entries leave in expiry order, whatever the order they came in or were extended in")
    func expiryOrder() throws {
        let now = LockedValue(0.0)
        let denylist = CognitoTokenDenylist(capacity: 500, clock: { now.withLock { $0 } })
        var expiries: [String: Double] = [:]
        for i in 0..<400 {
            // Scrambled ids (some repeated, so extended) and expiries.
            let id = "t\(i * 37 % 300)"
            let until = Double(i * 7_919 % 1_000 + 1)
            try denylist.revoke(tokenID: id, until: until)
            expiries[id] = max(expiries[id] ?? 0, until)
        }
        #expect(denylist.count == expiries.count)
        for step in stride(from: 0.0, through: 1_000, by: 50) {
            denylist.removeExpired(now: step)
            #expect(denylist.count == expiries.values.filter { $0 > step }.count, "at \(step)")
        }
        #expect(denylist.count == 0)
    }

    @Test("ids compare byte for byte: a canonically equivalent jti is another jti")
    func byteExact() async throws {
        let denylist = CognitoTokenDenylist(clock: { Double(fixedNow) })
        let claims = try await claims(
            of: sharedIssuer.idToken(username: "a", issuedAt: fixedNow, extraClaims: ["jti": "K", "origin_jti": nil]))
        try denylist.revoke(tokenID: "\u{212A}", until: Double(fixedNow + 60))
        #expect(!denylist.contains(claims, now: Double(fixedNow)))
        try denylist.revoke(tokenID: "K", until: Double(fixedNow + 60))
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
