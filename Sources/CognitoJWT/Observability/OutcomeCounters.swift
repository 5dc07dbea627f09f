import Metrics

/// One counter per verification outcome under one label: `outcome` is `accepted` or an error code, so the label's
/// values are bounded.
struct OutcomeCounters: Sendable {
    private let accepted: Counter
    private let rejected: [CognitoJWTError.Code: Counter]

    /// Creates the counters of `label` once, from `factory`.
    init(label: String, factory: any MetricsFactory) {
        accepted = Counter(label: label, dimensions: [("outcome", "accepted")], factory: factory)
        var rejected: [CognitoJWTError.Code: Counter] = [:]
        for code in CognitoJWTError.Code.allCases {
            rejected[code] = Counter(label: label, dimensions: [("outcome", code.rawValue)], factory: factory)
        }
        self.rejected = rejected
    }

    /// Counts an accepted token.
    func recordAcceptance() { accepted.increment() }

    /// Counts a token refused with `code`.
    func recordRejection(_ code: CognitoJWTError.Code) { rejected[code]?.increment() }
}
