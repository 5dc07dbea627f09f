import Metrics

/// The swift-metrics instruments of an ``ALBVerifier``, created once. Label values are bounded: an outcome (an
/// error code) or a fetch result, never a `kid`, a URL or a claim.
///
/// - `cognito_jwt_alb_verifications_total{outcome}` (counter): `accepted` or an error code, one per call of
///   `verify(_:now:)` or `verify(headers:now:)`;
/// - `cognito_jwt_alb_key_fetches_total{result}` (counter): `ok` or `error`, one per public key fetched from a key
///   server;
/// - `cognito_jwt_alb_key_fetch_duration_seconds{result}` (timer): how long each fetch took.
struct ALBMetrics: Sendable {
    static let verificationsLabel = "cognito_jwt_alb_verifications_total"
    static let fetchesLabel = "cognito_jwt_alb_key_fetches_total"
    static let fetchDurationLabel = "cognito_jwt_alb_key_fetch_duration_seconds"

    /// Verifications by outcome.
    let verifications: OutcomeCounters
    /// Key fetches by result.
    let fetches: FetchMetrics

    /// Creates every instrument once, from `factory`.
    init(factory: any MetricsFactory) {
        verifications = OutcomeCounters(label: Self.verificationsLabel, factory: factory)
        fetches = FetchMetrics(countLabel: Self.fetchesLabel, durationLabel: Self.fetchDurationLabel, factory: factory)
    }
}
