import Tracing

/// What a `cognito.verify` span reports about one verification: the cache's part and, once known, the pool, the
/// key and the token use. Filled by the verifier as it goes; costs nothing but a few stores when nothing is traced.
struct VerificationFacts: Sendable {
    /// The verified-token cache's part.
    enum CacheUse: String, Sendable {
        case hit, miss, off
    }

    /// Whether a span will report these facts; without one, nothing but the cache's part is kept.
    let recording: Bool
    var cache = CacheUse.off
    /// What steps 1–7 established (or the cache remembered).
    var entry: VerifiedTokenCache.Entry?
    /// For a rejected token: its header's `kid`, when the header is readable.
    var rejectedKid: String?
    /// For a rejected token: the configured pool its `iss` names.
    var rejectedPool: Int?

    /// The longest `kid` of a rejected token a span repeats.
    static let maximumKidLength = 128

    /// For a rejected token that never got an entry: the `kid` of a readable header (at most
    /// ``maximumKidLength`` characters) and the configured pool whose issuer is its `iss`. Nothing else of an
    /// unverified token is kept.
    mutating func describeRejected(_ token: String, pools: [CognitoVerifier.Pool]) {
        guard let jws = try? SignedToken(parsing: token, knownHeaders: nil) else { return }
        rejectedKid = jws.kid.map { String($0.prefix(Self.maximumKidLength)) }
        guard let payload = try? jws.parsePayload() else { return }
        rejectedPool = payload.withScalarBytes("iss") { value -> Int? in
            guard case .string(let iss) = value else { return nil }
            return pools.firstIndex { iss.bytesEqual($0.issuer) }
        }
    }

    /// Sets the span's attributes; `jwks_unavailable` also marks it failed.
    func annotate(
        _ span: any Span, outcome: Result<CognitoClaims, CognitoJWTError>, pools: [CognitoVerifier.Pool]
    ) {
        let pool = entry?.pool ?? rejectedPool
        span.updateAttributes { attributes in
            switch outcome {
            case .success: attributes[CognitoSpanNames.outcome] = "accepted"
            case .failure(let error): attributes[CognitoSpanNames.outcome] = error.code.rawValue
            }
            attributes[CognitoSpanNames.cache] = cache.rawValue
            if let pool { attributes[CognitoSpanNames.issuer] = pools[pool].issuer }
            if let kid = entry?.key.kid ?? rejectedKid { attributes[CognitoSpanNames.kid] = kid }
            if let entry { attributes[CognitoSpanNames.tokenUse] = entry.claims.tokenUse.rawValue }
        }
        if case .failure(let error) = outcome, error.code == .jwksUnavailable {
            span.setStatus(SpanStatus(code: .error, message: error.code.rawValue))
        }
    }
}
