/// When a key store may fetch again after failed fetches: no fetch for ``JWKSFetchOptions/failureBackoff``
/// after a failure, doubling with each further one up to ``JWKSFetchOptions/maximumFailureBackoff``; a
/// success resets it. It also counts the requests it refused, for the next warning.
struct JWKSBackoff: Sendable {
    private let initial: Duration
    private let maximum: Duration
    /// Failed fetches in a row.
    private(set) var failures = 0
    /// No fetch before this instant.
    private(set) var retryAt: ContinuousClock.Instant?
    /// The error of the last failed fetch, answered to the requests refused until ``retryAt``.
    private(set) var lastError: CognitoJWTError?
    /// Requests refused since the last failed fetch.
    private(set) var refused = 0

    init(initial: Duration, maximum: Duration) {
        self.initial = max(initial, .zero)
        self.maximum = max(maximum, self.initial)
    }

    /// The error to answer at `now` instead of fetching, counting the refusal; `nil` when a fetch may start.
    mutating func refusal(at now: ContinuousClock.Instant) -> CognitoJWTError? {
        guard let retryAt, now < retryAt, let lastError else { return nil }
        refused += 1
        return lastError
    }

    /// Records a failed fetch at `now`; returns how long it now waits and how many requests the previous step
    /// refused.
    mutating func recordFailure(
        _ error: CognitoJWTError, at now: ContinuousClock.Instant
    ) -> (wait: Duration, refused: Int) {
        var wait = initial
        for _ in 0..<min(failures, 32) where wait < maximum { wait = wait * 2 }
        wait = min(wait, maximum)
        failures += 1
        retryAt = now.advanced(by: wait)
        lastError = error
        defer { refused = 0 }
        return (wait, refused)
    }

    /// Records a successful fetch.
    mutating func recordSuccess() {
        failures = 0
        retryAt = nil
        lastError = nil
        refused = 0
    }
}
