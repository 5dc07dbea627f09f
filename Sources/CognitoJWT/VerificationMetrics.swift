import Metrics

/// swift-metrics counters: `cognito_jwt_verifications_total{outcome}` and `cognito_jwt_jwks_fetches_total{result}`.
enum VerificationMetrics {
    static let verificationsLabel = "cognito_jwt_verifications_total"

    /// One counter per outcome ("accepted" or an error code), created once per verifier.
    struct Counters: Sendable {
        let accepted: Counter
        let rejected: [CognitoJWTError.Code: Counter]

        init() {
            accepted = Counter(label: verificationsLabel, dimensions: [("outcome", "accepted")])
            var rejected: [CognitoJWTError.Code: Counter] = [:]
            for code in CognitoJWTError.Code.allCases {
                rejected[code] = Counter(label: verificationsLabel, dimensions: [("outcome", code.rawValue)])
            }
            self.rejected = rejected
        }

        func record(_ code: CognitoJWTError.Code) { rejected[code]?.increment() }
    }
}

enum JWKSMetrics {
    static func recordFetch(result: String) {
        Counter(label: "cognito_jwt_jwks_fetches_total", dimensions: [("result", result)]).increment()
    }
}
