import Metrics

/// A counter and a timer of key fetches, each by `result` (`ok` or `error`).
struct FetchMetrics: Sendable {
    private let fetched: Counter
    private let fetchFailed: Counter
    private let duration: Timer
    private let failedDuration: Timer

    /// Creates the instruments once, from `factory`: the fetch counts under `countLabel`, their durations (in
    /// seconds) under `durationLabel`.
    init(countLabel: String, durationLabel: String, factory: any MetricsFactory) {
        fetched = Counter(label: countLabel, dimensions: [("result", "ok")], factory: factory)
        fetchFailed = Counter(label: countLabel, dimensions: [("result", "error")], factory: factory)
        duration = Timer(
            label: durationLabel, dimensions: [("result", "ok")], preferredDisplayUnit: .seconds, factory: factory)
        failedDuration = Timer(
            label: durationLabel, dimensions: [("result", "error")], preferredDisplayUnit: .seconds, factory: factory)
    }

    /// Counts a finished fetch and records how long it took.
    func record(succeeded: Bool, duration elapsed: Duration) {
        let nanoseconds = elapsed.nanosecondsClamped
        if succeeded {
            fetched.increment()
            duration.recordNanoseconds(nanoseconds)
        } else {
            fetchFailed.increment()
            failedDuration.recordNanoseconds(nanoseconds)
        }
    }
}
