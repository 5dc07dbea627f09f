import Metrics

/// swift-metrics counters: `cognito_jwt_verifications_total{outcome}` (outcome `accepted` or an error code) and
/// `cognito_jwt_jwks_fetches_total{result}` (result `ok` or `error`).
struct VerificationMetrics: Sendable {
    static let verificationsLabel = "cognito_jwt_verifications_total"
    static let fetchesLabel = "cognito_jwt_jwks_fetches_total"

    let accepted: Counter
    let rejected: [CognitoJWTError.Code: Counter]
    let fetched: Counter
    let fetchFailed: Counter

    /// Creates every counter once, from `factory`.
    init(factory: any MetricsFactory) {
        accepted = Counter(label: Self.verificationsLabel, dimensions: [("outcome", "accepted")], factory: factory)
        var rejected: [CognitoJWTError.Code: Counter] = [:]
        for code in CognitoJWTError.Code.allCases {
            rejected[code] = Counter(
                label: Self.verificationsLabel, dimensions: [("outcome", code.rawValue)], factory: factory)
        }
        self.rejected = rejected
        fetched = Counter(label: Self.fetchesLabel, dimensions: [("result", "ok")], factory: factory)
        fetchFailed = Counter(label: Self.fetchesLabel, dimensions: [("result", "error")], factory: factory)
    }

    func recordRejection(_ code: CognitoJWTError.Code) { rejected[code]?.increment() }
}
