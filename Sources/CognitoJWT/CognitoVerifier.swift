import AsyncHTTPClient
import Foundation
import Logging
import Metrics

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
/// The order of checks is ``verify(_:requiring:now:)``'s body: strict parse, header, pool by `iss`, key,
/// signature, claims, the caller's requirements. Every failure is a ``CognitoJWTError``.
public final class CognitoVerifier: Sendable {
    /// A configured pool with the key store that serves it.
    struct Pool: Sendable {
        let configuration: CognitoPool
        let keys: JWKSKeyStore
    }

    let pools: [Pool]
    /// Allowed clock skew in seconds.
    let leeway: Double
    private let cache: VerifiedTokenCache?
    let knownHeaders = KnownHeaders()
    private let clock: @Sendable () -> Double
    private let logger: Logger
    private let metrics: VerificationMetrics

    /// The distinct key stores behind the pools (pools with the same JWKS share one).
    public let keyStores: [JWKSKeyStore]

    /// Creates a verifier for one or more pools.
    ///
    /// - Parameters:
    ///   - pools: accepted pools; each token is matched to one by its exact `iss`.
    ///   - leeway: clock skew tolerated for `exp`, `nbf` and `iat`.
    ///   - cacheCapacity: how many verified tokens to remember (0 turns the cache off).
    ///   - jwksOptions: time and size limits, and the cool-down, for JWKS fetches.
    ///   - httpClient: the client for JWKS URLs (default: a shared client that never follows redirects).
    ///   - logger: where rejections (debug) and failed JWKS fetches (warning) are logged.
    ///   - clock: the current time in seconds since 1970.
    ///   - metricsFactory: where the counters go (default: the bootstrapped `MetricsSystem`).
    /// - Throws: ``CognitoConfigurationError`` for no pools, two pools with one issuer, or an unreadable in-memory JWKS.
    public init(pools: [CognitoPool], leeway: Duration = .zero, cacheCapacity: Int = 10_000,
                jwksOptions: JWKSFetchOptions = .init(), httpClient: HTTPClient? = nil,
                logger: Logger = Logger(label: "CognitoJWT"),
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                metricsFactory: (any MetricsFactory)? = nil) throws(CognitoConfigurationError) {
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
            let origin: JWKSFetcher.Origin
            let identity: String
            switch pool.keySource {
            case .issuerDefault: origin = .url(pool.defaultJWKSURL); identity = "url " + pool.defaultJWKSURL
            case .url(let url):
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    throw CognitoConfigurationError("JWKS URL must start with https:// or http://: \(url)")
                }
                origin = .url(url); identity = "url " + url
            case .file(let path): origin = .file(path); identity = "file " + path
            case .document(let text):
                do {
                    _ = try JSONWebKeySet(json: text)
                } catch {
                    throw CognitoConfigurationError("the in-memory JWKS is invalid: \(error.message)")
                }
                origin = .document(Array(text.utf8)); identity = "document \(built.count)"
            case .provider(let provider):
                origin = .provider(provider); identity = "provider \(built.count)"
            }
            let store = stores[identity] ?? JWKSKeyStore(
                fetcher: JWKSFetcher(origin: origin, options: jwksOptions, httpClient: httpClient, logger: logger,
                                     metrics: metrics))
            if stores[identity] == nil { ordered.append(store) }
            stores[identity] = store
            built.append(Pool(configuration: pool, keys: store))
        }
        self.pools = built
        self.keyStores = ordered
        self.leeway = leeway.seconds
        self.cache = cacheCapacity > 0 ? VerifiedTokenCache(capacity: cacheCapacity) : nil
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    /// Creates a verifier from a ``CognitoConfiguration`` (for example one read from the environment).
    public convenience init(configuration: CognitoConfiguration, httpClient: HTTPClient? = nil,
                            logger: Logger = Logger(label: "CognitoJWT"),
                            clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                            metricsFactory: (any MetricsFactory)? = nil) throws(CognitoConfigurationError) {
        try self.init(pools: configuration.pools, leeway: configuration.leeway,
                      cacheCapacity: configuration.cacheCapacity, jwksOptions: configuration.jwksOptions,
                      httpClient: httpClient, logger: logger, clock: clock, metricsFactory: metricsFactory)
    }

    /// The verified-token cache's size, hits and misses.
    public var tokenCacheStatistics: TokenCacheStatistics {
        cache?.statistics ?? TokenCacheStatistics(capacity: 0, entries: 0, hits: 0, misses: 0)
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
    public func verify(_ token: String, requiring requirements: CognitoRequirements = .none,
                       now: Double? = nil) async throws(CognitoJWTError) -> CognitoClaims {
        do {
            let claims = try await check(token, requirements, now: now ?? clock())
            metrics.accepted.increment()
            return claims
        } catch {
            metrics.recordRejection(error.code)
            logger.debug("token rejected", metadata: ["code": .string(error.code.rawValue), "reason": .string(error.message)])
            throw error
        }
    }

    /// The pipeline, in order. Nothing from the payload decides anything before the signature is valid,
    /// except `iss` choosing the pool (and so the JWKS).
    private func check(_ token: String, _ requirements: CognitoRequirements,
                       now: Double) async throws(CognitoJWTError) -> CognitoClaims {
        let cacheKey = cache.map { _ in VerifiedTokenCache.TokenKey(token) }
        if let cache, let cacheKey, let cached = cache.lookup(cacheKey) {
            if pools[cached.pool].keys.isTrusted(cached.key) {
                try checkTime(cached.claims.expiresAt, cached.claims.notBefore, cached.claims.issuedAt, now: now)
                try requirements.check(cached.claims)
                return cached.claims
            }
            cache.remove(cacheKey)
        }
        let jws = try CompactJWS(parsing: token, knownHeaders: knownHeaders)  // 1. strict parse
        try checkHeader(jws.header)                                        // 2. header
        let poolIndex = try selectPool(jws.payload)                       //    pool by exact iss
        let pool = pools[poolIndex]
        let keys = try await keys(for: jws.header, from: pool.keys)       // 3. key
        guard let key = keys.first(where: {                                // 4. signature
            $0.isValidSignature(jws.rsaSignature, for: jws.signingInputDigest)
        }) else {
            throw CognitoJWTError(.invalidSignature, "signature does not verify")
        }
        let claims = try checkClaims(jws.payload, pool: pool.configuration, now: now)  // 5. claims
        try requirements.check(claims)
        if let cache, let cacheKey { cache.insert(cacheKey, .init(claims: claims, key: key, pool: poolIndex)) }
        if !jws.headerWasKnown { knownHeaders.remember(segment: token.utf8.prefix { $0 != UInt8(ascii: ".") }, header: jws.header) }
        return claims
    }

    /// `alg` must be exactly RS256, `crit` absent, `kid` a string. Embedded keys (`jwk`, `jku`, `x5u`, `x5c`)
    /// are ignored: keys come only from the configured JWKS.
    private func checkHeader(_ header: JSONObject) throws(CognitoJWTError) {
        guard header.stringEquals("alg", "RS256") else {
            throw CognitoJWTError(.unsupportedAlgorithm, "alg must be RS256")
        }
        guard header["crit"] == nil else {
            throw CognitoJWTError(.malformed, "crit header parameters are not supported")
        }
        let hasKid = header.withScalarBytes("kid") { value in
            if case .string(let kid) = value { return kid.count > 0 }
            return false
        }
        guard hasKid else { throw CognitoJWTError(.unknownKey, "header has no kid") }
    }

    /// The usable keys whose `kid` is the header's, byte for byte: from the keys already loaded when they have
    /// it, else through the key store (which may fetch the JWKS).
    private func keys(for header: JSONObject, from store: JWKSKeyStore) async throws(CognitoJWTError) -> [VerificationKey] {
        let loaded = header.withScalarBytes("kid") { value -> [VerificationKey] in
            guard case .string(let kid) = value else { return [] }
            return store.loadedKeys(withID: kid)
        }
        if !loaded.isEmpty { return loaded }
        guard case .string(let kid) = header["kid"] else { throw CognitoJWTError(.unknownKey, "header has no kid") }
        return try await store.keys(for: kid)
    }

    /// The index of the pool whose issuer is the payload's `iss`, byte for byte.
    private func selectPool(_ payload: JSONObject) throws(CognitoJWTError) -> Int {
        let match = payload.withScalarBytes("iss") { value -> (isString: Bool, pool: Int?) in
            guard case .string(let iss) = value else { return (false, nil) }
            return (true, pools.firstIndex { iss.bytesEqual($0.configuration.issuer) })
        }
        guard match.isString else { throw CognitoJWTError(.wrongIssuer, "token has no iss") }
        guard let pool = match.pool else { throw CognitoJWTError(.wrongIssuer, "iss is not a configured user pool") }
        return pool
    }

    private func checkClaims(_ payload: JSONObject, pool: CognitoPool,
                             now: Double) throws(CognitoJWTError) -> CognitoClaims {
        let use = payload.withScalarBytes("token_use") { value -> TokenUse? in
            guard case .string(let use) = value else { return nil }
            return use.bytesEqual("id") ? .id : use.bytesEqual("access") ? .access : nil
        }
        guard let tokenUse = use else {
            throw CognitoJWTError(.wrongTokenUse, "token_use must be \"id\" or \"access\"")
        }
        guard pool.tokenUse == .any || pool.tokenUse == tokenUse else {
            throw CognitoJWTError(.wrongTokenUse, "expected token_use \(pool.tokenUse.rawValue)")
        }
        if !pool.clientIDs.isEmpty {
            let name = tokenUse == .id ? "aud" : "client_id"
            let accepted = payload.withScalarBytes(name) { value in
                guard case .string(let client) = value else { return false }
                return pool.clientIDs.contains { client.bytesEqual($0) }
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
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
