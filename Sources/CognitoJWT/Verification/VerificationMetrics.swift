import Metrics

/// The swift-metrics instruments of a verifier, created once. Every label value is bounded: an outcome or error
/// code, a fetch result, a cache result or a refusal reason, never a `kid`, a URL or a claim.
///
/// - `cognito_jwt_verifications_total{outcome}` (counter): `accepted` or an error code;
/// - `cognito_jwt_jwks_fetches_total{result}` (counter): `ok` or `error`;
/// - `cognito_jwt_jwks_fetch_duration_seconds{result}` (timer): how long each fetch took;
/// - `cognito_jwt_jwks_refusals_total{reason}` (counter): verifications refused without a fetch, `cooldown` or
///   `backoff`;
/// - `cognito_jwt_token_cache_lookups_total{result}` (counter): `hit` or `miss`;
/// - `cognito_jwt_token_cache_entries` (gauge): verified tokens held.
struct VerificationMetrics: Sendable {
    static let verificationsLabel = "cognito_jwt_verifications_total"
    static let fetchesLabel = "cognito_jwt_jwks_fetches_total"
    static let fetchDurationLabel = "cognito_jwt_jwks_fetch_duration_seconds"
    static let refusalsLabel = "cognito_jwt_jwks_refusals_total"
    static let cacheLookupsLabel = "cognito_jwt_token_cache_lookups_total"
    static let cacheEntriesLabel = "cognito_jwt_token_cache_entries"

    /// Verifications by outcome.
    let verifications: OutcomeCounters
    /// JWKS fetches by result.
    let fetches: FetchMetrics
    let cooldownRefusals: Counter
    let backoffRefusals: Counter
    let cacheHits: Counter
    let cacheMisses: Counter
    let cacheEntries: Gauge

    /// Creates every instrument once, from `factory`.
    init(factory: any MetricsFactory) {
        verifications = OutcomeCounters(label: Self.verificationsLabel, factory: factory)
        fetches = FetchMetrics(countLabel: Self.fetchesLabel, durationLabel: Self.fetchDurationLabel, factory: factory)
        cooldownRefusals = Counter(label: Self.refusalsLabel, dimensions: [("reason", "cooldown")], factory: factory)
        backoffRefusals = Counter(label: Self.refusalsLabel, dimensions: [("reason", "backoff")], factory: factory)
        cacheHits = Counter(label: Self.cacheLookupsLabel, dimensions: [("result", "hit")], factory: factory)
        cacheMisses = Counter(label: Self.cacheLookupsLabel, dimensions: [("result", "miss")], factory: factory)
        cacheEntries = Gauge(label: Self.cacheEntriesLabel, factory: factory)
    }

    /// Counts a verification refused without a fetch: a back-off (`jwks_unavailable`) or a cool-down.
    func recordRefusal(_ refusal: CognitoJWTError) {
        if refusal.code == .jwksUnavailable { backoffRefusals.increment() } else { cooldownRefusals.increment() }
    }
}
