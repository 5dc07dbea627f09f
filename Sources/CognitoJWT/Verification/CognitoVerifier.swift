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
///    looked up in, and may fetch, the JWKS of the pool the payload's `iss` names);
/// 4. **signature**: RS256 over the first two segments with one of those keys;
/// 5. **payload**: the strict JSON object;
/// 6. **pool**: the configured pool whose issuer is `iss`, byte for byte, and whose JWKS holds the key;
/// 7. **claims**: `token_use`, client id, `exp`/`nbf`/`iat`;
/// 8. **requirements**: the route's groups and scopes.
///
/// A verified-token cache wraps steps 1–7: a byte-identical token verified before skips them, and is still
/// checked for time, requirements and the presence of its key in the JWKS.
///
/// Each verification counts in swift-metrics (the README lists the metrics) and, while a tracer is active, is a
/// `cognito.verify` span (``CognitoSpanNames``), a child of the current span.
public final class CognitoVerifier: Sendable {
    /// A configured pool with the key store that serves it.
    struct Pool: Sendable {
        let configuration: CognitoPool
        let keys: JWKSKeyStore
        /// The accepted client ids, which ``CognitoVerifier/updateClientIDs(_:forPoolWithIssuer:)`` may change.
        let clientIDs: LockedValue<[String]>

        /// The client ids accepted now.
        var acceptedClientIDs: [String] { clientIDs.withLock { $0 } }
    }

    /// What steps 1–7 establish about a token: its claims, the key that signed it, its pool.
    typealias Verified = VerifiedTokenCache.Entry

    let pools: [Pool]
    /// Allowed clock skew in seconds.
    let leeway: Double
    private let cache: VerifiedTokenCache?
    let knownHeaders = KnownHeaders()
    private let clock: @Sendable () -> Double
    private let logger: Logger
    private let metrics: VerificationMetrics
    /// Whether a tracer was active when the verifier was made; if not, nothing is traced.
    private let tracerAtStart: Bool

    /// Whether request contexts matter: a tracer was active when the verifier was made.
    var tracesRequests: Bool { tracerAtStart }

    /// The distinct key stores behind the pools (pools with the same JWKS share one).
    public let keyStores: [JWKSKeyStore]

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
    /// - Throws: ``CognitoConfigurationError`` for no pools, two pools with one issuer, or an unreadable in-memory JWKS.
    public init(
        pools: [CognitoPool], leeway: Duration = .zero, cacheCapacity: Int = 10_000,
        jwksOptions: JWKSFetchOptions = .init(), httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "CognitoJWT"),
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        metricsFactory: (any MetricsFactory)? = nil
    ) throws(CognitoConfigurationError) {
        let metrics = VerificationMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        guard !pools.isEmpty else { throw CognitoConfigurationError("no Cognito user pool configured") }
        guard leeway >= .zero else { throw CognitoConfigurationError("leeway must not be negative") }
        guard cacheCapacity >= 0 else { throw CognitoConfigurationError("cache capacity must not be negative") }
        var stores: [String: JWKSKeyStore] = [:]
        var built: [Pool] = []
        var ordered: [JWKSKeyStore] = []
        for pool in pools {
            guard !pool.issuer.isEmpty else { throw CognitoConfigurationError("a pool has an empty issuer") }
            if built.contains(where: { $0.configuration.issuer.bytesEqual(pool.issuer) }) {
                throw CognitoConfigurationError("two pools have the issuer \(pool.issuer)")
            }
            let (source, identity) = try Self.resolve(pool, index: built.count)
            let store =
                stores[identity]
                ?? JWKSKeyStore(
                    fetcher: JWKSFetcher(
                        origin: source, options: jwksOptions, httpClient: httpClient, metrics: metrics),
                    logger: logger)
            if stores[identity] == nil { ordered.append(store) }
            stores[identity] = store
            built.append(Pool(configuration: pool, keys: store, clientIDs: LockedValue(pool.clientIDs)))
            Self.warnAboutRiskySettings(pool, source: source, logger: logger)
        }
        self.pools = built
        self.keyStores = ordered
        self.leeway = leeway.seconds
        self.cache = cacheCapacity > 0 ? VerifiedTokenCache(capacity: cacheCapacity) : nil
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
            httpClient: httpClient, logger: logger, clock: clock, metricsFactory: metricsFactory)
    }

    /// The verified-token cache's size, hits and misses.
    public var tokenCacheStatistics: TokenCacheStatistics {
        cache?.statistics ?? TokenCacheStatistics(capacity: 0, entries: 0, hits: 0, misses: 0)
    }

    /// The client ids the pool with this issuer accepts now (`nil`: no such pool; empty: every app client).
    public func clientIDs(ofPoolWithIssuer issuer: String) -> [String]? {
        pools.first { $0.configuration.issuer.bytesEqual(issuer) }?.acceptedClientIDs
    }

    /// Changes the client ids the pool with this issuer accepts, without a restart (for example when a reloading
    /// configuration changes `COGNITO_AUDIENCE`). Verified tokens are forgotten, so a token of a client no longer
    /// accepted is refused from its next request on.
    ///
    /// - Throws: ``CognitoConfigurationError`` when no configured pool has this issuer.
    public func updateClientIDs(
        _ clientIDs: [String], forPoolWithIssuer issuer: String
    ) throws(CognitoConfigurationError) {
        guard let pool = pools.first(where: { $0.configuration.issuer.bytesEqual(issuer) }) else {
            throw CognitoConfigurationError("no configured pool has the issuer \(issuer)")
        }
        pool.clientIDs.withLock { $0 = clientIDs }
        if let cache {
            cache.removeAll()
            metrics.cacheEntries.record(0)
        }
        if clientIDs.isEmpty {
            logger.warning(
                "Cognito pool accepts tokens of every app client: configure its client ids (COGNITO_AUDIENCE)",
                metadata: ["issuer": "\(issuer)"])
        }
    }

    /// Fetches every pool's JWKS now, so the first request does not wait. Throws the first failure.
    public func hydrate() async throws(CognitoJWTError) {
        for store in keyStores { try await store.refresh() }
    }

    /// Verifies `token` and returns its claims, or throws why it was rejected.
    ///
    /// - Parameters:
    ///   - token: the compact JWS (without a `Bearer ` prefix).
    ///   - requirements: groups and scopes this caller needs, checked after everything else.
    ///   - now: the time to check against, in seconds since 1970 (default: the verifier's clock).
    public func verify(
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
    private func tracedVerify(
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
    private func countedCheck(
        _ token: String, _ requirements: CognitoRequirements, now: Double, facts: inout VerificationFacts
    ) async throws(CognitoJWTError) -> CognitoClaims {
        do {
            let claims = try await cachedCheck(token, requirements, now: now, facts: &facts)
            metrics.accepted.increment()
            return claims
        } catch {
            metrics.recordRejection(error.code)
            logger.debug(
                "token rejected", metadata: ["code": .string(error.code.rawValue), "reason": .string(error.message)])
            throw error
        }
    }

    /// The verified-token cache around steps 1–7, then step 8: a byte-identical token verified before, whose key
    /// is still trusted, is only checked for time and requirements again; any other token goes through
    /// ``check(_:now:)`` and, once it meets the requirements too, into the cache. `facts` learns the cache's part
    /// and what steps 1–7 established.
    private func cachedCheck(
        _ token: String, _ requirements: CognitoRequirements,
        now: Double, facts: inout VerificationFacts
    ) async throws(CognitoJWTError) -> CognitoClaims {
        let key = cache.map { _ in VerifiedTokenCache.TokenKey(token) }
        if let cache, let key, let cached = cache.lookup(key) {
            if pools[cached.pool].keys.isTrusted(cached.key) {
                metrics.cacheHits.increment()
                if facts.recording {
                    facts.cache = .hit
                    facts.entry = cached
                }
                try checkTime(cached.claims.expiresAt, cached.claims.notBefore, cached.claims.issuedAt, now: now)
                try requirements.check(cached.claims)  // 8. requirements
                return cached.claims
            }
            metrics.cacheEntries.record(cache.remove(key))
        }
        let generation = cache?.generation
        if cache != nil {
            metrics.cacheMisses.increment()
            facts.cache = .miss
        }
        let verified = try await check(token, now: now)
        if facts.recording { facts.entry = verified }
        try requirements.check(verified.claims)  // 8. requirements
        if let cache, let key { metrics.cacheEntries.record(cache.insert(key, verified, generation: generation)) }
        return verified.claims
    }

    /// Steps 1–7, in order. The payload is read only after the signature verifies, except for a `kid` that no
    /// loaded JWKS holds while a JWKS may be fetched: then its `iss` names the pool whose JWKS to fetch.
    private func check(_ token: String, now: Double) async throws(CognitoJWTError) -> Verified {
        let jws = try SignedToken(parsing: token, knownHeaders: knownHeaders)  // 1. parse
        let kid = try checkHeader(jws)  // 2. header
        let (keys, payloadRead) = try await keys(withID: kid, for: jws)  // 3. keys
        let key = try checkSignature(jws, keys)  // 4. signature
        let payload = try jws.parsePayload(unlessRead: payloadRead)  // 5. payload
        let pool = try selectPool(payload, signedBy: key)  // 6. pool
        let claims = try checkClaims(payload, pool: pools[pool], now: now)  // 7. claims
        if !jws.headerWasKnown {
            knownHeaders.remember(segment: token.utf8.prefix(jws.headerSegmentLength), header: jws.header)
        }
        return Verified(claims: claims, key: key, pool: pool)
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

    /// The usable keys with this `kid`, byte for byte: those the configured JWKSs already loaded, reading nothing
    /// from the payload; else, when a JWKS may be fetched now, the keys of the JWKS of the pool the payload's `iss`
    /// names, with the payload so read. While no JWKS may be refetched (cool-down, back-off) the answer does not
    /// depend on the payload, which stays unread.
    private func keys(
        withID kid: String, for jws: SignedToken
    ) async throws(CognitoJWTError) -> (keys: [VerificationKey], payload: JSONObject?) {
        var loaded = keyStores[0].loadedKeys(withID: kid)
        for store in keyStores.dropFirst() { loaded += store.loadedKeys(withID: kid) }
        if !loaded.isEmpty { return (loaded, nil) }
        if let refusal = refusalOfEveryFetch() {
            metrics.recordRefusal(refusal)
            throw refusal
        }
        let payload = try jws.parsePayload()
        let pool = try selectPool(payload)
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

    /// The index of the pool whose issuer is the payload's `iss`, byte for byte; with `key`, that pool's JWKS must
    /// hold it (pools with different JWKSs never vouch for each other's tokens).
    private func selectPool(_ payload: JSONObject, signedBy key: VerificationKey? = nil) throws(CognitoJWTError) -> Int
    {
        let match = payload.withScalarBytes("iss") { value -> (isString: Bool, pool: Int?) in
            guard case .string(let iss) = value else { return (false, nil) }
            return (true, pools.firstIndex { iss.bytesEqual($0.configuration.issuer) })
        }
        guard match.isString else { throw CognitoJWTError(.wrongIssuer, "token has no iss") }
        guard let pool = match.pool else { throw CognitoJWTError(.wrongIssuer, "iss is not a configured user pool") }
        if let key, keyStores.count > 1, !pools[pool].keys.isTrusted(key) {
            throw CognitoJWTError(.wrongIssuer, "iss names a pool whose JWKS does not hold the signing key")
        }
        return pool
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
        let clientIDs = pool.acceptedClientIDs
        if !clientIDs.isEmpty {
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
        return CognitoClaims(raw: payload, tokenUse: tokenUse, expiresAt: exp, notBefore: nbf, issuedAt: iat)
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

    private func checkTime(_ exp: Double, _ nbf: Double?, _ iat: Double?, now: Double) throws(CognitoJWTError) {
        if exp <= now - leeway { throw CognitoJWTError(.expired, "token expired") }
        if let nbf, nbf > now + leeway { throw CognitoJWTError(.notYetValid, "token is not valid yet (nbf)") }
        if let iat, iat > now + leeway { throw CognitoJWTError(.notYetValid, "token is issued in the future (iat)") }
    }

    /// The key source a pool's keys come from (the issuer's URL for ``KeySource/issuerDefault``) and a name
    /// under which pools with the same source share one key store.
    private static func resolve(
        _ pool: CognitoPool, index: Int
    ) throws(CognitoConfigurationError) -> (KeySource, String) {
        switch pool.keySource {
        case .issuerDefault: return (.url(pool.defaultJWKSURL), "url " + pool.defaultJWKSURL)
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

    /// One warning at start-up for settings that work but are risky: a pool that accepts every app client, and
    /// keys fetched over plain HTTP from a host other than this machine.
    private static func warnAboutRiskySettings(_ pool: CognitoPool, source: KeySource, logger: Logger) {
        if pool.clientIDs.isEmpty {
            logger.warning(
                "Cognito pool accepts tokens of every app client: configure its client ids (COGNITO_AUDIENCE)",
                metadata: ["issuer": "\(pool.issuer)"])
        }
        if case .url(let url) = source, url.hasPrefix("http://"), !LoopbackURL.isLoopback(url) {
            logger.warning(
                "Cognito JWKS is fetched over plain HTTP from another host: use https://",
                metadata: ["jwks": "\(url)"])
        }
    }
}
