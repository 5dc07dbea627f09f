import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import Tracing

/// Verifies AWS Cognito ID and access tokens.
///
/// ```swift
/// let verifier = try CognitoVerifier(
///     pools: [.init(region: "eu-central-1", userPoolID: "eu-central-1_xYzaq",
///                   clientIDs: ["4s2b…"], tokenUse: .access)],
///     leeway: .seconds(0))
/// let claims = try await verifier.verify(token)
/// ```
///
/// ``verify(_:requiring:now:)`` runs these steps in order (the body of `check(_:now:)` reads the same way for
/// steps 1–7); every failure is a ``CognitoJWTError``:
///
/// 1. **parse**: the strict compact JWS: segments, header and signature (the payload waits for step 5);
/// 2. **header**: `alg` RS256, no `crit`, a `kid`;
/// 3. **keys**: the usable keys with that `kid`, byte for byte, in the configured JWKSs (a `kid` none holds is
///    looked up in, and may fetch, the JWKS of the issuer the payload's `iss` names);
/// 4. **signature**: RS256 over the first two segments with one of those keys;
/// 5. **payload**: the strict JSON object;
/// 6. **pool**: the configured issuer that is `iss`, byte for byte, whose JWKS holds the key (a key another
///    issuer form of the same pool vouched for is looked up in, and may fetch, the JWKS of the one `iss` names);
/// 7. **claims**: `token_use`, client id, `exp`/`nbf`/`iat`;
/// 8. **revocation**: the revocation check, when one is configured;
/// 9. **requirements**: the route's groups and scopes, then its step-up authentication (`acr`, `amr`,
///    `auth_time`).
///
/// A verified-token cache wraps steps 1–7: a byte-identical token verified before skips them, and is still
/// checked for time, revocation, requirements and the presence of its key in the JWKS.
///
/// A pool given by region and pool id accepts each of its issuers (``CognitoPool/issuers``: both issuer forms,
/// replica regions), each with its own JWKS: a `kid` is trusted only from the JWKS of the issuer the token names.
///
/// Each verification counts in swift-metrics (the README lists the metrics) and, while a tracer is active, is a
/// `cognito.verify` span (``CognitoSpanNames``), a child of the current span.
public final class CognitoVerifier: Sendable {
    /// One accepted issuer of a configured pool, with the key store that serves it. A class, so reading one from
    /// ``pools`` retains one object, not each of its fields.
    final class Pool: Sendable {
        let configuration: CognitoPool
        /// The exact `iss`.
        let issuer: String
        /// The configured pool's canonical identity (``CognitoPool/identity``), given to its claims.
        let identity: String
        let keys: JWKSKeyStore
        /// The index of ``configuration`` among the configured pools: the issuers of one pool share it.
        let poolIndex: Int
        /// The accepted client ids, which ``CognitoVerifier/updateClientIDs(_:forPoolWithIssuer:)`` may change;
        /// the issuers of one pool share them.
        let clientIDs: LockedValue<AcceptedClients>

        init(
            configuration: CognitoPool, issuer: String, keys: JWKSKeyStore, poolIndex: Int,
            clientIDs: LockedValue<AcceptedClients>
        ) {
            self.configuration = configuration
            self.issuer = issuer
            self.identity = configuration.identity
            self.keys = keys
            self.poolIndex = poolIndex
            self.clientIDs = clientIDs
        }

        /// The client ids accepted now.
        var acceptedClientIDs: AcceptedClients { clientIDs.withLock { $0 } }
    }

    /// What steps 1–7 establish about a token: its claims, the key that signed it, its pool.
    typealias Verified = VerifiedTokenCache.Entry

    let pools: [Pool]
    /// Allowed clock skew in seconds.
    let leeway: Double
    private let cache: VerifiedTokenCache
    let knownHeaders = KnownHeaders()
    private let clock: @Sendable () -> Double
    private let logger: Logger
    private let metrics: VerificationMetrics
    private let revocation: (any CognitoRevocationCheck)?
    /// For each configured pool, the indices in ``keyStores`` of its distinct key stores.
    private let storesOfPools: [[Int]]
    /// Whether a tracer was active when the verifier was made; if not, nothing is traced.
    private let tracerAtStart: Bool

    /// Whether request contexts matter: a tracer was active when the verifier was made.
    var tracesRequests: Bool { tracerAtStart }

    /// The distinct key stores behind the pools (pools with the same JWKS share one).
    public let keyStores: [JWKSKeyStore]
    /// ``keyStores``, the first apart: a cache hit reads their removal counts without touching the array.

    /// Creates a verifier for one or more pools.
    ///
    /// - Parameters:
    ///   - pools: accepted pools; each token is matched to one by its exact `iss`.
    ///   - leeway: clock skew tolerated for `exp`, `nbf` and `iat`.
    ///   - cacheCapacity: how many verified tokens to remember (0 turns the cache off).
    ///   - jwksOptions: time and size limits, the cool-down and the back-off, for JWKS fetches.
    ///   - httpClient: the client for JWKS URLs (default: a shared client that never follows redirects).
    ///   - logger: where rejections (debug), failed JWKS fetches and risky settings (warning) are logged.
    ///   - clock: the current time in seconds since 1970.
    ///   - metricsFactory: where the metrics go (default: the bootstrapped `MetricsSystem`).
    ///   - revocation: asked after the signature and the claims, and on every cache hit, whether the token was
    ///     revoked (`nil`: no revocation check).
    /// - Throws: ``CognitoConfigurationError`` for no pools, two pools with one issuer, a pool whose region
    ///   contradicts its pool id, a pool that names no app client id (``AcceptedClients``), or an unreadable
    ///   in-memory JWKS.
    public init(
        pools: [CognitoPool], leeway: Duration = .zero, cacheCapacity: Int = 10_000,
        jwksOptions: JWKSFetchOptions = .init(), httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "CognitoJWT"),
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        metricsFactory: (any MetricsFactory)? = nil, revocation: (any CognitoRevocationCheck)? = nil
    ) throws(CognitoConfigurationError) {
        let metrics = VerificationMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        guard !pools.isEmpty else { throw CognitoConfigurationError("no Cognito user pool configured") }
        guard leeway >= .zero else { throw CognitoConfigurationError("leeway must not be negative") }
        guard cacheCapacity >= 0 else { throw CognitoConfigurationError("cache capacity must not be negative") }
        var stores: [String: Int] = [:]
        var built: [Pool] = []
        var ordered: [JWKSKeyStore] = []
        var storesOfPools: [[Int]] = []
        for (poolIndex, pool) in pools.enumerated() {
            if let problem = pool.configurationProblem { throw CognitoConfigurationError(problem) }
            if let problem = pool.clientIDs.problem {
                throw CognitoConfigurationError("the pool \(pool.issuer): \(problem)")
            }
            guard !pool.issuers.isEmpty else { throw CognitoConfigurationError("a pool has no issuer") }
            var poolStores: [Int] = []
            let clientIDs = LockedValue(pool.clientIDs)
            for issuer in pool.issuers {
                guard !issuer.issuer.isEmpty else { throw CognitoConfigurationError("a pool has an empty issuer") }
                if built.contains(where: { $0.issuer.bytesEqual(issuer.issuer) }) {
                    throw CognitoConfigurationError("two pools have the issuer \(issuer.issuer)")
                }
                let (source, identity) = try Self.resolve(pool, issuer, index: poolIndex)
                let storeIndex: Int
                if let known = stores[identity] {
                    storeIndex = known
                } else {
                    // An issuer form the pool may not use answers 403/404: its tokens are then unknown keys.
                    let alternative = pool.issuers.count > 1 && pool.keySource.isIssuerDefault
                    storeIndex = ordered.count
                    ordered.append(
                        JWKSKeyStore(
                            fetcher: JWKSFetcher(
                                origin: source, options: jwksOptions, httpClient: httpClient, metrics: metrics,
                                absentMeansUnknownKey: alternative),
                            logger: logger))
                    stores[identity] = storeIndex
                    Self.warnAboutPlainHTTP(source, logger: logger)
                }
                if !poolStores.contains(storeIndex) { poolStores.append(storeIndex) }
                built.append(
                    Pool(
                        configuration: pool, issuer: issuer.issuer, keys: ordered[storeIndex], poolIndex: poolIndex,
                        clientIDs: clientIDs))
            }
            storesOfPools.append(poolStores)
            Self.warnAboutEveryClient(pool, logger: logger)
        }
        self.pools = built
        self.keyStores = ordered
        self.storesOfPools = storesOfPools
        self.revocation = revocation
        self.leeway = leeway.seconds
        self.cache = VerifiedTokenCache(capacity: cacheCapacity)
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.tracerAtStart = TracingGate.tracerIsActive
    }

    /// Creates a verifier from a ``CognitoConfiguration`` (for example one read from the environment).
    public convenience init(
        configuration: CognitoConfiguration, httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "CognitoJWT"),
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        metricsFactory: (any MetricsFactory)? = nil
    ) throws(CognitoConfigurationError) {
        try self.init(
            pools: configuration.pools, leeway: configuration.leeway,
            cacheCapacity: configuration.cacheCapacity, jwksOptions: configuration.jwksOptions,
            httpClient: httpClient, logger: logger, clock: clock, metricsFactory: metricsFactory,
            revocation: configuration.revocation)
    }

    /// The verified-token cache's size, hits and misses.
    public var tokenCacheStatistics: TokenCacheStatistics {
        cache.statistics
    }

    /// The app clients the pool with this issuer accepts now (`nil`: no such pool).
    public func clientIDs(ofPoolWithIssuer issuer: String) -> AcceptedClients? {
        pools.first { $0.configuration.issuer.bytesEqual(issuer) }?.acceptedClientIDs
    }

    /// Changes the client ids the pool with this issuer accepts, without a restart (for example when a reloading
    /// configuration changes `COGNITO_AUDIENCE`). Verified tokens are forgotten, so a token of a client no longer
    /// accepted is refused from its next request on.
    ///
    /// - Throws: ``CognitoConfigurationError`` when no configured pool has this issuer, or `clientIDs` names no
    ///   client id (the pool keeps the ids it had: only ``AcceptedClients/every`` accepts every app client).
    public func updateClientIDs(
        _ clientIDs: AcceptedClients, forPoolWithIssuer issuer: String
    ) throws(CognitoConfigurationError) {
        guard let pool = pools.first(where: { $0.configuration.issuer.bytesEqual(issuer) }) else {
            throw CognitoConfigurationError("no configured pool has the issuer \(issuer)")
        }
        if let problem = clientIDs.problem { throw CognitoConfigurationError(problem) }
        pool.clientIDs.withLock { $0 = clientIDs }
        cache.removeAll()
        metrics.cacheEntries.record(0)
        if clientIDs == .every {
            logger.warning(
                "Cognito pool accepts tokens of every app client: configure its client ids (COGNITO_AUDIENCE)",
                metadata: ["issuer": "\(issuer)"])
        }
    }

    /// Fetches every pool's JWKS now, so the first request does not wait.
    ///
    /// A pool with several issuers (both issuer forms, replica regions) is ready when one of their JWKSs loads:
    /// a pool that does not use an issuer form answers 403 or 404 for its JWKS, which is logged at debug.
    /// Throws when every JWKS of a pool fails (the first failure of a JWKS that is not absent).
    public func hydrate() async throws(CognitoJWTError) {
        var results: [Int: CognitoJWTError?] = [:]
        for poolStores in storesOfPools {
            var failures: [CognitoJWTError] = []
            for index in poolStores {
                if results[index] == nil {
                    do {
                        try await keyStores[index].refresh()
                        results[index] = .some(nil)
                    } catch {
                        results[index] = .some(error)
                    }
                }
                if case .some(.some(let error)) = results[index] { failures.append(error) }
            }
            guard failures.count == poolStores.count, let first = failures.first else { continue }
            if poolStores.count == 1 { throw first }
            let cause = failures.first { $0.code != .unknownKey } ?? first
            throw CognitoJWTError(.jwksUnavailable, "no JWKS of the pool could be fetched: \(cause.message)")
        }
    }

    /// Verifies `token` and returns its claims, or throws why it was rejected.
    ///
    /// It runs on the caller's executor (`nonisolated(nonsending)`): a cache hit is a few hundred nanoseconds with no
    /// hop to another executor and back.
    ///
    /// - Parameters:
    ///   - token: the compact JWS (without a `Bearer ` prefix).
    ///   - requirements: groups, scopes and step-up authentication this caller needs, checked after everything
    ///     else.
    ///   - now: the time to check against, in seconds since 1970 (default: the verifier's clock).
    public nonisolated(nonsending) func verify(
        _ token: String, requiring requirements: CognitoRequirements = .none,
        now: Double? = nil
    ) async throws(CognitoJWTError) -> CognitoClaims {
        let now = now ?? clock()
        if let tracer = TracingGate.tracer(tracerAtStart: tracerAtStart) {
            return try await tracedVerify(token, requirements, now: now, tracer: tracer)
        }
        var facts = VerificationFacts(recording: false)
        return try await countedCheck(token, requirements, now: now, facts: &facts)
    }

    /// ``verify(_:requiring:now:)`` inside a `cognito.verify` span, current while it runs (so a JWKS fetch it
    /// starts is its child), with the outcome, the pool, the `kid`, the token use and the cache's part.
    private nonisolated(nonsending) func tracedVerify(
        _ token: String, _ requirements: CognitoRequirements, now: Double, tracer: any Tracer
    ) async throws(CognitoJWTError) -> CognitoClaims {
        let span = tracer.startSpan(
            CognitoSpanNames.verify, context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        var facts = VerificationFacts(recording: true)
        let result = await ServiceContext.$current.withValue(span.context) {
            () async -> Result<CognitoClaims, CognitoJWTError> in
            do throws(CognitoJWTError) {
                return .success(try await countedCheck(token, requirements, now: now, facts: &facts))
            } catch {
                return .failure(error)
            }
        }
        if facts.entry == nil, case .failure = result { facts.describeRejected(token, pools: pools) }
        facts.annotate(span, outcome: result, pools: pools)
        span.end()
        return try result.get()
    }

    /// ``cachedCheck(_:_:now:facts:)``, counted by outcome; a rejection is logged at debug with its code.
    @inline(__always)
    private nonisolated(nonsending) func countedCheck(
        _ token: String, _ requirements: CognitoRequirements, now: Double, facts: inout VerificationFacts
    ) async throws(CognitoJWTError) -> CognitoClaims {
        do {
            let claims = try await cachedCheck(token, requirements, now: now, facts: &facts)
            metrics.verifications.recordAcceptance()
            return claims
        } catch {
            metrics.verifications.recordRejection(error.code)
            logger.debug(
                "token rejected", metadata: ["code": .string(error.code.rawValue), "reason": .string(error.message)])
            throw error
        }
    }

    /// The verified-token cache around steps 1–7, then steps 8 and 9: a byte-identical token verified before,
    /// whose key is still trusted, is only checked for time, revocation and requirements again; any other token
    /// goes through ``check(_:now:)`` and, once it passes revocation and requirements too, into the cache.
    /// `facts` learns the cache's part and what steps 1–7 established.
    private nonisolated(nonsending) func cachedCheck(
        _ token: String, _ requirements: CognitoRequirements,
        now: Double, facts: inout VerificationFacts
    ) async throws(CognitoJWTError) -> CognitoClaims {
        let key = cache.capacity > 0 ? VerifiedTokenCache.TokenKey(token) : nil
        if let key {
            var claims: CognitoClaims?
            switch cache.lookup(key, trustEpoch: trustEpoch(), entryWanted: facts.recording) {
            case .miss: break
            case .trusted(let cached, let entry):
                claims = cached
                if facts.recording { facts.entry = entry }
            case .recheck(let cached):
                // A key left some JWKS since the token was cached: trust it only if its key is still there.
                let epoch = trustEpoch()
                if pools[cached.pool].keys.isTrusted(cached.key) {
                    cache.insert(
                        key, Verified(claims: cached.claims, key: cached.key, pool: cached.pool, trustEpoch: epoch))
                    claims = cached.claims
                    if facts.recording { facts.entry = cached }
                } else {
                    metrics.cacheEntries.record(cache.remove(key))
                }
            }
            if let claims {
                metrics.cacheHits.increment()
                facts.cache = .hit
                try checkTime(claims.expiresAt, claims.notBefore, claims.issuedAt, now: now)
                if revocation != nil { try await checkRevocation(claims, now: now) }  // 8. revocation
                try requirements.check(claims, now: now)  // 9. requirements
                return claims
            }
            metrics.cacheMisses.increment()
            facts.cache = .miss
        }
        let generation = cache.generation
        let verified = try await check(token, now: now)
        if facts.recording { facts.entry = verified }
        if revocation != nil { try await checkRevocation(verified.claims, now: now) }  // 8. revocation
        try requirements.check(verified.claims, now: now)  // 9. requirements
        if let key { metrics.cacheEntries.record(cache.insert(key, verified, generation: generation)) }
        return verified.claims
    }

    /// The sum of the key stores' removal counts: unchanged since an entry was cached means no key left any JWKS
    /// since, so the entry's key is still trusted without asking its store (no lock on a cache hit).
    private func trustEpoch() -> Int {
        var sum = keyStores[0].removals
        for store in keyStores.dropFirst() { sum &+= store.removals }
        return sum
    }

    /// Steps 1–7, in order. The payload is read only after the signature verifies, except for a `kid` that no
    /// loaded JWKS holds while a JWKS may be fetched: then its `iss` names the pool whose JWKS to fetch.
    private nonisolated(nonsending) func check(_ token: String, now: Double) async throws(CognitoJWTError) -> Verified {
        let jws = try SignedToken(parsing: token, knownHeaders: knownHeaders)  // 1. parse
        let kid = try checkHeader(jws)  // 2. header
        let epoch = trustEpoch()  // read before the keys: a removal after this makes a cache hit re-check its key
        let loaded = loadedKeys(withID: kid)  // 3. keys: those loaded, else the JWKS fetched now
        let (keys, payloadRead) = loaded.isEmpty ? try await fetchedKeys(withID: kid, for: jws) : (loaded, nil)
        let signer = try checkSignature(jws, keys)  // 4. signature
        let payload = try jws.parsePayload(unlessRead: payloadRead)  // 5. payload
        let pool = try matchIssuer(payload)  // 6. pool: the iss, whose JWKS must hold the signing key
        let key = holds(pool, signer) ? signer : try await poolKey(pool, matching: signer, of: jws, kid: kid)
        let claims = try checkClaims(payload, pool: pools[pool], now: now)  // 7. claims
        if !jws.headerWasKnown {
            knownHeaders.remember(
                segment: token.utf8.prefix(jws.headerSegmentLength), header: jws.header,
                selector: KnownHeaders.selector(of: token.utf8))
        }
        return Verified(claims: claims, key: key, pool: pool, trustEpoch: epoch)
    }

    /// `alg` must be exactly RS256, `crit` absent, `kid` a non-empty string, which is returned. Embedded keys
    /// (`jwk`, `jku`, `x5u`, `x5c`) are ignored: keys come only from the configured JWKS.
    private func checkHeader(_ jws: SignedToken) throws(CognitoJWTError) -> String {
        guard jws.header.stringEquals("alg", "RS256") else {
            throw CognitoJWTError(.unsupportedAlgorithm, "alg must be RS256")
        }
        guard jws.header["crit"] == nil else {
            throw CognitoJWTError(.malformed, "crit header parameters are not supported")
        }
        guard let kid = jws.kid else { throw CognitoJWTError(.unknownKey, "header has no kid") }
        return kid
    }

    /// The usable keys with this `kid`, byte for byte, that the configured JWKSs already loaded.
    private func loadedKeys(withID kid: String) -> [VerificationKey] {
        var loaded = keyStores[0].loadedKeys(withID: kid)
        for store in keyStores.dropFirst() { loaded += store.loadedKeys(withID: kid) }
        return loaded
    }

    /// For a `kid` no loaded JWKS holds: when a JWKS may be fetched now, the keys of the JWKS of the issuer the
    /// payload's `iss` names, with the payload so read. While no JWKS may be refetched (cool-down, back-off) the
    /// answer does not depend on the payload, which stays unread.
    private nonisolated(nonsending) func fetchedKeys(
        withID kid: String, for jws: SignedToken
    ) async throws(CognitoJWTError) -> (keys: [VerificationKey], payload: JSONObject?) {
        if let refusal = refusalOfEveryFetch() {
            metrics.recordRefusal(refusal)
            throw refusal
        }
        let payload = try jws.parsePayload()
        let pool = try matchIssuer(payload)
        return (try await pools[pool].keys.keys(for: kid), payload)
    }

    /// When no key store may fetch now, why (a back-off's error first); `nil` when one may.
    private func refusalOfEveryFetch() -> CognitoJWTError? {
        var refusals: [CognitoJWTError] = []
        for store in keyStores {
            guard let refusal = store.refusalOfNewFetch() else { return nil }
            refusals.append(refusal)
        }
        return refusals.first { $0.code == .jwksUnavailable } ?? refusals.first
    }

    /// The key among `keys` under which the signature verifies.
    private func checkSignature(
        _ jws: SignedToken, _ keys: [VerificationKey]
    ) throws(CognitoJWTError) -> VerificationKey {
        let digest = jws.signingInputDigest()
        guard let key = keys.first(where: { $0.isValidSignature(jws.signature, for: digest) }) else {
            throw CognitoJWTError(.invalidSignature, "signature does not verify")
        }
        return key
    }

    /// The index of the configured issuer that is the payload's `iss`, byte for byte.
    private func matchIssuer(_ payload: JSONObject) throws(CognitoJWTError) -> Int {
        let match = payload.withScalarBytes("iss") { value -> (isString: Bool, pool: Int?) in
            guard case .string(let iss) = value else { return (false, nil) }
            return (true, pools.firstIndex { iss.bytesEqual($0.issuer) })
        }
        guard match.isString else { throw CognitoJWTError(.wrongIssuer, "token has no iss") }
        guard let pool = match.pool else { throw CognitoJWTError(.wrongIssuer, "iss is not a configured user pool") }
        return pool
    }

    /// Whether `key`, which verified the signature, comes from the JWKS of `pool` (always, with one key store).
    private func holds(_ pool: Int, _ key: VerificationKey) -> Bool {
        keyStores.count == 1 || pools[pool].keys.isTrusted(key)
    }

    /// For a signing key that the JWKS of `pool` (the issuer the token names) does not hold: that JWKS's own key.
    ///
    /// Pools with different JWKSs never vouch for each other's tokens. Within one pool, a key that the JWKS of
    /// another issuer form (or replica region) holds counts only once the JWKS of the issuer the token names
    /// holds the same key: that JWKS is looked up, and fetched if it may be.
    private nonisolated(nonsending) func poolKey(
        _ pool: Int, matching key: VerificationKey, of jws: SignedToken, kid: String
    ) async throws(CognitoJWTError) -> VerificationKey {
        let named = pools[pool]
        guard pools.contains(where: { $0.poolIndex == named.poolIndex && $0.keys.isTrusted(key) }) else {
            throw CognitoJWTError(.wrongIssuer, "iss names a pool whose JWKS does not hold the signing key")
        }
        let own = try await named.keys.keys(for: kid)
        if let same = own.first(where: { $0.isSameKey(as: key) }) { return same }
        return try checkSignature(jws, own)
    }

    private func checkClaims(
        _ payload: JSONObject, pool: Pool,
        now: Double
    ) throws(CognitoJWTError) -> CognitoClaims {
        let use = payload.withScalarBytes("token_use") { value -> TokenUse? in
            guard case .string(let use) = value else { return nil }
            return use.bytesEqual("id") ? .id : use.bytesEqual("access") ? .access : nil
        }
        guard let tokenUse = use else {
            throw CognitoJWTError(.wrongTokenUse, "token_use must be \"id\" or \"access\"")
        }
        let expected = pool.configuration.tokenUse
        guard expected == .any || expected == tokenUse else {
            throw CognitoJWTError(.wrongTokenUse, "expected token_use \(expected.rawValue)")
        }
        if case .only(let clientIDs) = pool.acceptedClientIDs {
            let name = tokenUse == .id ? "aud" : "client_id"
            let accepted = payload.withScalarBytes(name) { value in
                guard case .string(let client) = value else { return false }
                return clientIDs.contains { client.bytesEqual($0) }
            }
            guard accepted else { throw CognitoJWTError(.wrongAudience, "\(name) is not an accepted client id") }
        }
        guard let exp = try timeClaim("exp", in: payload) else {
            throw CognitoJWTError(.invalidClaim, "exp is required")
        }
        let nbf = try timeClaim("nbf", in: payload)
        let iat = try timeClaim("iat", in: payload)
        try checkTime(exp, nbf, iat, now: now)
        return CognitoClaims(
            raw: payload, tokenUse: tokenUse, expiresAt: exp, notBefore: nbf, issuedAt: iat,
            poolIdentity: pool.identity)
    }

    /// A time claim in seconds: `nil` when absent; a finite JSON number, or ``CognitoJWTError/Code/invalidClaim``.
    private func timeClaim(_ name: String, in payload: JSONObject) throws(CognitoJWTError) -> Double? {
        let claim = payload.withScalarBytes(name) { value -> (present: Bool, seconds: Double?) in
            switch value {
            case .absent: return (false, nil)
            case .number(let literal): return (true, Self.seconds(literal).flatMap { $0.isFinite ? $0 : nil })
            case .string, .other: return (true, nil)
            }
        }
        guard claim.present else { return nil }
        guard let seconds = claim.seconds else {
            throw CognitoJWTError(.invalidClaim, "\(name) must be a finite JSON number")
        }
        return seconds
    }

    /// A JSON number literal as seconds: plain integers of up to 15 digits directly, anything else via `Double`.
    private static func seconds(_ literal: UnsafeRawBufferPointer) -> Double? {
        if literal.count <= 15 {
            var value: Int64 = 0
            var plain = true
            for byte in literal {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { plain = false; break }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            if plain { return Double(value) }
        }
        return Double(String(decoding: literal, as: UTF8.self))
    }

    /// Step 8: asks the revocation check; `revoked` when it says so, `revocation_unavailable` when it fails.
    private nonisolated(nonsending) func checkRevocation(
        _ claims: CognitoClaims, now: Double
    ) async throws(CognitoJWTError) {
        guard let revocation else { return }
        let revoked: Bool
        do {
            revoked = try await revocation.isRevoked(claims, now: now)
        } catch {
            logger.warning(
                "Cognito revocation check failed; the token is refused",
                metadata: ["reason": .string(JWKSFetcher.describe(error))])
            throw CognitoJWTError(.revocationUnavailable, "the revocation check failed")
        }
        if revoked { throw CognitoJWTError(.revoked, "token was revoked") }
    }

    private func checkTime(_ exp: Double, _ nbf: Double?, _ iat: Double?, now: Double) throws(CognitoJWTError) {
        if exp <= now - leeway { throw CognitoJWTError(.expired, "token expired") }
        if let nbf, nbf > now + leeway { throw CognitoJWTError(.notYetValid, "token is not valid yet (nbf)") }
        if let iat, iat > now + leeway { throw CognitoJWTError(.notYetValid, "token is issued in the future (iat)") }
    }

    /// The key source an issuer's keys come from (the issuer's JWKS URL for ``KeySource/issuerDefault``, else
    /// the pool's source, for every issuer of the pool) and a name under which issuers with the same source share
    /// one key store.
    private static func resolve(
        _ pool: CognitoPool, _ issuer: CognitoIssuer, index: Int
    ) throws(CognitoConfigurationError) -> (KeySource, String) {
        switch pool.keySource {
        case .issuerDefault:
            guard issuer.jwksURL.hasPrefix("https://") || issuer.jwksURL.hasPrefix("http://") else {
                throw CognitoConfigurationError("JWKS URL must start with https:// or http://: \(issuer.jwksURL)")
            }
            return (.url(issuer.jwksURL), "url " + issuer.jwksURL)
        case .url(let url):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw CognitoConfigurationError("JWKS URL must start with https:// or http://: \(url)")
            }
            return (.url(url), "url " + url)
        case .file(let path): return (.file(path), "file " + path)
        case .document(let text):
            do {
                _ = try JSONWebKeySet(json: text)
            } catch {
                throw CognitoConfigurationError("the in-memory JWKS is invalid: \(error.message)")
            }
            return (.document(text), "document \(index)")
        case .provider(let provider): return (.provider(provider), "provider \(index)")
        }
    }

    /// One warning at start-up for a pool that accepts every app client (chosen explicitly, but risky).
    private static func warnAboutEveryClient(_ pool: CognitoPool, logger: Logger) {
        if pool.clientIDs == .every {
            logger.warning(
                "Cognito pool accepts tokens of every app client: configure its client ids (COGNITO_AUDIENCE)",
                metadata: ["issuer": "\(pool.issuer)"])
        }
    }

    /// One warning at start-up for keys fetched over plain HTTP from a host other than this machine.
    private static func warnAboutPlainHTTP(_ source: KeySource, logger: Logger) {
        if case .url(let url) = source, url.hasPrefix("http://"), !LoopbackURL.isLoopback(url) {
            logger.warning(
                "Cognito JWKS is fetched over plain HTTP from another host: use https://",
                metadata: ["jwks": "\(url)"])
        }
    }
}
