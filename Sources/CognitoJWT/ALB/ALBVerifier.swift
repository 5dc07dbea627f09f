import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import Metrics

/// Verifies what an Application Load Balancer with an `authenticate-cognito` rule forwards: its ES256 data token
/// (`x-amzn-oidc-data`) and, when configured with an access-token verifier, the Cognito access token
/// (`x-amzn-oidc-accesstoken`) with the same `sub` as the data token and `x-amzn-oidc-identity`.
///
/// The data token's pipeline is ``verify(_:now:)``'s body, in order: strict parse (the load balancer's `=` padding
/// allowed, nothing else), the header (`alg` exactly ES256, `kid` a UUID, `signer` one of the configured ARNs and
/// `client` one of the client ids byte for byte, `iss` if present, `exp` not passed), the key (`<key server of the
/// signer's region>/<kid>`, never a URL built from other token text), the signature, then the payload (`iss` the
/// configured issuer, `exp` if present).
public final class ALBVerifier: Sendable {
    /// What this verifier accepts.
    public let configuration: ALBConfiguration
    /// Verifies the forwarded access token, when set.
    public let accessTokenVerifier: CognitoVerifier?
    let loadBalancers: [ALBLoadBalancerARN]
    let keys: ALBKeyStore
    let clock: @Sendable () -> Double
    let metrics: ALBMetrics

    /// A verifier for `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: the load balancers, the pool's issuer, the client ids, the key location.
    ///   - accessTokenVerifier: also verify `x-amzn-oidc-accesstoken` with it (the pool's verifier, typically
    ///     with `tokenUse: .access`) and require its `sub` to be the data token's; `nil` to skip.
    ///   - httpClient: the client for key fetches (default: a shared one).
    ///   - logger: failed key fetches are logged here (never a token).
    ///   - clock: the current time in seconds since 1970.
    ///   - metricsFactory: where the metrics go (default: the bootstrapped `MetricsSystem`):
    ///     `cognito_jwt_alb_verifications_total{outcome}`, `cognito_jwt_alb_key_fetches_total{result}` and the
    ///     timer `cognito_jwt_alb_key_fetch_duration_seconds{result}`. The access token's verifier counts its own.
    /// - Throws: ``CognitoConfigurationError`` for an ARN that is not an ALB's, no client id, or an unusable URL.
    public init(
        configuration: ALBConfiguration, accessTokenVerifier: CognitoVerifier? = nil, httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "CognitoJWT"),
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        metricsFactory: (any MetricsFactory)? = nil
    ) throws(CognitoConfigurationError) {
        self.loadBalancers = try configuration.validated()
        self.configuration = configuration
        self.accessTokenVerifier = accessTokenVerifier
        let metrics = ALBMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        self.metrics = metrics
        self.keys = ALBKeyStore(
            options: configuration.fetchOptions, httpClient: httpClient, logger: logger, metrics: metrics.fetches)
        self.clock = clock
    }

    /// How many key fetches were started (for diagnostics and tests).
    public var keyFetchCount: Int { keys.fetchCount }

    /// Verifies a data token (`x-amzn-oidc-data`) and returns its claims.
    ///
    /// - Parameters:
    ///   - dataToken: the header's value.
    ///   - now: the time for `exp`, in seconds since 1970 (default: the clock).
    /// - Throws: ``CognitoJWTError``: `malformed`, `unsupported_algorithm`, `wrong_signer`, `wrong_audience`,
    ///   `wrong_issuer`, `expired`, `unknown_key`, `invalid_signature`, `invalid_claim`, or `jwks_unavailable`
    ///   when the key server cannot be reached or answers something that is not a key.
    public func verify(_ dataToken: String, now: Double? = nil) async throws(CognitoJWTError) -> CognitoClaims {
        try await counted { () async throws(CognitoJWTError) in try await check(dataToken, now: now) }
    }

    /// Steps 1–5 of ``verify(_:now:)``, in order.
    private func check(_ dataToken: String, now: Double?) async throws(CognitoJWTError) -> CognitoClaims {
        let moment = now ?? clock()
        let token = try ALBDataToken(parsing: dataToken)  // 1. parse
        let (kid, loadBalancer, expiresAt) = try checkHeader(token.header, now: moment)  // 2. header
        let key = try await keys.key(at: (configuration.keyBaseURL ?? loadBalancer.keyBaseURL) + "/" + kid)  // 3. key
        try checkSignature(token, key)  // 4. signature
        return try checkPayload(try token.payload(), now: moment, headerExpiry: expiresAt)  // 5. payload
    }

    /// Verifies the headers of a forwarded request: the data token, then (with an access-token verifier) the access
    /// token and the `sub`s of both tokens and of `x-amzn-oidc-identity`, which must be equal byte for byte.
    ///
    /// - Throws: ``CognitoJWTError``, also `malformed` for a missing or repeated header and `subject_mismatch`.
    public func verify(headers: ALBHeaders, now: Double? = nil) async throws(CognitoJWTError) -> ALBVerification {
        try await counted { () async throws(CognitoJWTError) in try await check(headers, now: now) }
    }

    /// Runs `verification` and counts its outcome.
    private func counted<Success>(
        _ verification: () async throws(CognitoJWTError) -> Success
    ) async throws(CognitoJWTError) -> Success {
        do {
            let success = try await verification()
            metrics.verifications.recordAcceptance()
            return success
        } catch {
            metrics.verifications.recordRejection(error.code)
            throw error
        }
    }

    /// ``verify(headers:now:)`` without the count.
    private func check(_ headers: ALBHeaders, now: Double?) async throws(CognitoJWTError) -> ALBVerification {
        guard headers.data.count == 1, headers.accessToken.count <= 1, headers.identity.count <= 1 else {
            throw CognitoJWTError(.malformed, "each x-amzn-oidc header must appear once")
        }
        let data = try await check(headers.data[0], now: now)
        guard let subject = data.subject else { throw CognitoJWTError(.invalidClaim, "the data token has no sub") }
        if let identity = headers.identity.first, !identity.bytesEqual(subject) {
            throw CognitoJWTError(.subjectMismatch, "x-amzn-oidc-identity is not the data token's sub")
        }
        guard let accessTokenVerifier else { return ALBVerification(data: data, access: nil) }
        guard let accessToken = headers.accessToken.first else {
            throw CognitoJWTError(.malformed, "x-amzn-oidc-accesstoken is missing")
        }
        let access = try await accessTokenVerifier.verify(accessToken, now: now)
        guard access.subject?.bytesEqual(subject) == true else {
            throw CognitoJWTError(.subjectMismatch, "the access token's sub is not the data token's")
        }
        return ALBVerification(data: data, access: access)
    }

    /// Step 2: the header's algorithm, key id, signer, client, issuer and expiry; the `kid`, its load balancer and
    /// the header's `exp`.
    private func checkHeader(
        _ header: JSONObject, now: Double
    ) throws(CognitoJWTError) -> (kid: String, loadBalancer: ALBLoadBalancerARN, expiresAt: Double) {
        guard header.stringEquals("alg", "ES256") else {
            throw CognitoJWTError(.unsupportedAlgorithm, "alg must be ES256 for an ALB data token")
        }
        guard header["crit"] == nil else {
            throw CognitoJWTError(.malformed, "crit header parameters are not supported")
        }
        guard let kid = header["kid"]?.stringValue, Self.isUUID(kid) else {
            throw CognitoJWTError(.malformed, "the ALB data token's kid is not a UUID")
        }
        guard let signer = header["signer"]?.stringValue,
            let loadBalancer = loadBalancers.first(where: { signer.bytesEqual($0.text) })
        else { throw CognitoJWTError(.wrongSigner, "signer is not a configured load balancer") }
        guard let client = header["client"]?.stringValue, configuration.clientIDs.contains(where: client.bytesEqual)
        else { throw CognitoJWTError(.wrongAudience, "client is not an accepted client id") }
        if let issuer = header["iss"] {
            guard issuer.stringValue?.bytesEqual(configuration.issuer) == true else {
                throw CognitoJWTError(.wrongIssuer, "the header's iss is not the configured issuer")
            }
        }
        guard let exp = header["exp"] else { throw CognitoJWTError(.invalidClaim, "the header's exp is required") }
        return (kid, loadBalancer, try checkExpiry(exp, now: now))
    }

    /// Step 4: the ES256 signature over `header.payload` as received.
    private func checkSignature(_ token: ALBDataToken, _ key: P256.Signing.PublicKey) throws(CognitoJWTError) {
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: token.signature),
            key.isValidSignature(signature, for: SHA256.hash(data: token.signingInput))
        else { throw CognitoJWTError(.invalidSignature, "ES256 signature does not verify") }
    }

    /// Step 5: `iss` the configured issuer, `exp` (when the payload has one) not passed. The claims expire at the
    /// earlier of the payload's and the header's `exp` (the header's alone when the payload has none).
    private func checkPayload(
        _ payload: JSONObject, now: Double, headerExpiry: Double
    ) throws(CognitoJWTError) -> CognitoClaims {
        guard payload.stringEquals("iss", configuration.issuer) else {
            throw CognitoJWTError(.wrongIssuer, "iss is not the configured issuer")
        }
        var expiresAt = headerExpiry
        if let exp = payload["exp"] { expiresAt = min(expiresAt, try checkExpiry(exp, now: now)) }
        return CognitoClaims(
            raw: payload, tokenUse: .id, expiresAt: expiresAt, notBefore: nil, issuedAt: nil,
            poolIdentity: CognitoPool.identity(ofIssuer: configuration.issuer))
    }

    /// `exp` as seconds; ``CognitoJWTError/Code/expired`` when it has passed beyond the leeway.
    @discardableResult
    private func checkExpiry(_ exp: JSONValue, now: Double) throws(CognitoJWTError) -> Double {
        guard let seconds = exp.doubleValue, seconds.isFinite else {
            throw CognitoJWTError(.invalidClaim, "exp must be a finite JSON number")
        }
        guard now < seconds + configuration.leeway.seconds else { throw CognitoJWTError(.expired, "token has expired") }
        return seconds
    }

    /// Whether `kid` is a UUID (`8-4-4-4-12` hexadecimal digits): the only text ever put into a key URL.
    static func isUUID(_ kid: String) -> Bool {
        let bytes = Array(kid.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
                else { return false }
            }
        }
        return true
    }
}
