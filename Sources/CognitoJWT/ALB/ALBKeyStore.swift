import AsyncHTTPClient
import Crypto
import Logging

/// The load balancers' public keys, fetched by `kid` from `<base>/<kid>` (a PEM P-256 key each), cached by URL,
/// one fetch per URL at a time (single-flight), under the JWKS fetcher's deadlines and size limit.
///
/// A 403 or 404 is an answer about one `kid`: it is remembered for the cool-down (``JWKSFetchOptions/cooldown``),
/// for at most 1,024 `kid`s (``defaultAbsentCapacity``, the oldest forgotten first), and a token with that `kid` is refused as
/// `unknown_key` without a request until then; other `kid`s are fetched as usual. After a transport error, a 5xx
/// or an answer that is not a key, new fetches are refused until the backoff ends (the JWKS fetcher's failure
/// backoff, from `failureBackoff` doubling up to `maximumFailureBackoff`), whatever their `kid`.
final class ALBKeyStore: Sendable {
    private typealias Fetch = Task<Result<P256.Signing.PublicKey, CognitoJWTError>, Never>

    private struct State: Sendable {
        var keys: [String: P256.Signing.PublicKey] = [:]
        var order: [String] = []
        /// The URLs the key server answered 403 or 404 for, each with the instant that answer is forgotten.
        var absent: [String: ContinuousClock.Instant] = [:]
        /// The URLs of `absent`, oldest first, each with the instant it was recorded to be forgotten.
        var absentOrder: [(url: String, until: ContinuousClock.Instant)] = []
        var inFlight: [String: Fetch] = [:]
        var backoff: JWKSBackoff
        var fetchCount = 0

        /// Remembers that the key server has no key at `url` until `until`, forgetting expired answers and then
        /// the oldest beyond `capacity`.
        mutating func recordAbsent(
            _ url: String, until: ContinuousClock.Instant, now: ContinuousClock.Instant, capacity: Int
        ) {
            while let oldest = absentOrder.first, oldest.until <= now { forgetOldestAbsent() }
            absent[url] = until
            absentOrder.append((url, until))
            while absentOrder.count > capacity { forgetOldestAbsent() }
        }

        private mutating func forgetOldestAbsent() {
            let oldest = absentOrder.removeFirst()
            if absent[oldest.url] == oldest.until { absent[oldest.url] = nil }
        }
    }

    private enum Lookup {
        case found(P256.Signing.PublicKey)
        case refused(CognitoJWTError)
        case wait(Fetch)
    }

    /// How many keys are kept; the oldest is dropped first.
    static let capacity = 64
    /// How many `kid`s the key server said it has no key for are remembered by default; the oldest is forgotten
    /// first.
    static let defaultAbsentCapacity = 1_024

    private let options: JWKSFetchOptions
    private let httpClient: HTTPClient?
    private let logger: Logger
    private let metrics: FetchMetrics
    private let state: LockedValue<State>
    private let clock: @Sendable () -> ContinuousClock.Instant
    /// How many `kid`s answered 403 or 404 are remembered.
    let absentCapacity: Int

    /// A store fetching under `options`; `clock` is the monotonic clock of the backoff and of remembered 403s
    /// and 404s, of which it remembers `absentCapacity` at most.
    init(
        options: JWKSFetchOptions, httpClient: HTTPClient?, logger: Logger, metrics: FetchMetrics,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        absentCapacity: Int = ALBKeyStore.defaultAbsentCapacity
    ) {
        self.options = options
        self.httpClient = httpClient
        self.logger = logger
        self.metrics = metrics
        self.clock = clock
        self.absentCapacity = max(absentCapacity, 1)
        self.state = LockedValue(
            State(backoff: JWKSBackoff(initial: options.failureBackoff, maximum: options.maximumFailureBackoff)))
    }

    /// How many fetches were started.
    var fetchCount: Int { state.withLock { $0.fetchCount } }

    /// The key at `url` (`<base>/<kid>`, the `kid` already checked to be a UUID).
    func key(at url: String) async throws(CognitoJWTError) -> P256.Signing.PublicKey {
        let now = clock()
        let lookup = state.withLock { state -> Lookup in
            if let key = state.keys[url] { return .found(key) }
            if let fetch = state.inFlight[url] { return .wait(fetch) }
            if let until = state.absent[url], now < until {
                return .refused(Self.absentError(status: nil))
            }
            if let last = state.backoff.refusal(at: now) {
                return .refused(CognitoJWTError(last.code, "ALB public key fetches are paused after a failed fetch"))
            }
            state.fetchCount += 1
            let fetch = Fetch { await self.fetch(url) }
            state.inFlight[url] = fetch
            return .wait(fetch)
        }
        switch lookup {
        case .found(let key): return key
        case .refused(let error): throw error
        case .wait(let fetch): return try await fetch.value.get()
        }
    }

    private func fetch(_ url: String) async -> Result<P256.Signing.PublicKey, CognitoJWTError> {
        let started = ContinuousClock.now
        let result: Result<P256.Signing.PublicKey, CognitoJWTError>
        var absent = false
        do {
            let download = try await KeyDownload.get(
                url, accept: "application/x-pem-file, text/plain", what: "ALB public key", options: options,
                httpClient: httpClient)
            if download.status == 403 || download.status == 404 {
                absent = true
                result = .failure(Self.absentError(status: download.status))
            } else {
                let pem = String(decoding: try download.body.get(), as: UTF8.self)
                if let key = try? P256.Signing.PublicKey(pemRepresentation: pem) {
                    result = .success(key)
                } else {
                    result = .failure(
                        CognitoJWTError(.jwksUnavailable, "the ALB key server's answer is not a P-256 public key (PEM)")
                    )
                }
            }
        } catch {
            result = .failure(
                error as? CognitoJWTError
                    ?? CognitoJWTError(
                        .jwksUnavailable, "fetching the ALB public key failed: \(JWKSFetcher.describe(error))"))
        }
        metrics.record(succeeded: (try? result.get()) != nil, duration: ContinuousClock.now - started)
        let finished = clock()
        let cooldown = max(options.cooldown, .zero)
        let absentCapacity = absentCapacity
        let failure = state.withLock { state -> (error: CognitoJWTError, retryIn: Duration)? in
            state.inFlight[url] = nil
            switch result {
            case .success(let key):
                state.keys[url] = key
                state.order.append(url)
                if state.order.count > Self.capacity { state.keys[state.order.removeFirst()] = nil }
                state.backoff.recordSuccess()
                return nil
            case .failure(let error) where absent:
                state.recordAbsent(
                    url, until: finished.advanced(by: cooldown), now: finished, capacity: absentCapacity)
                return (error, cooldown)
            case .failure(let error):
                return (error, state.backoff.recordFailure(error, at: finished).wait)
            }
        }
        if let failure {
            logger.warning(
                absent ? "ALB key server has no key for this kid" : "ALB public key fetch failed",
                metadata: ["url": "\(url)", "reason": "\(failure.error.message)", "retryIn": "\(failure.retryIn)"])
        }
        return result
    }

    /// The refusal of a `kid` the key server has no key for: answered with `status` (403 or 404), or remembered
    /// from such an answer (`nil`).
    private static func absentError(status: Int?) -> CognitoJWTError {
        guard let status else {
            return CognitoJWTError(.unknownKey, "the ALB key server recently had no key with this kid")
        }
        return CognitoJWTError(.unknownKey, "the ALB key server has no key with this kid (HTTP \(status))")
    }
}
