import AsyncHTTPClient
import Logging
import Metrics
import Synchronization

/// The signing keys of one JWKS, cached by `kid`.
///
/// - A known `kid` is answered from memory, with no network.
/// - An unknown `kid` triggers one refetch; concurrent callers share the fetch in flight.
/// - When a fetch made for an unknown `kid` did not contain it, no new fetch for a ``JWKSFetchOptions/cooldown``.
/// - After a failed fetch, no new fetch for a back-off (``JWKSBackoff``): requests for unknown keys get the last
///   error (``CognitoJWTError/Code/jwksUnavailable``) at once, known keys keep working, and one warning is
///   logged per failed fetch with the number of requests the previous back-off refused.
/// - A refetch keeps the key objects of keys it returns unchanged, so tokens verified with them stay cached.
public final class JWKSKeyStore: Sendable {
    private typealias Fetch = Task<Result<JSONWebKeySet, CognitoJWTError>, Never>

    private struct State: Sendable {
        var keySet: JSONWebKeySet?
        var inFlight: Fetch?
        /// The unknown `kid`s the fetch in flight is awaited for.
        var awaitedKids: [String] = []
        var fetchCount = 0
        var cooldownUntil: ContinuousClock.Instant?
        var backoff: JWKSBackoff
    }

    private enum Lookup {
        case found([VerificationKey])
        case refused(CognitoJWTError)
        case wait(Fetch)
    }

    private let fetcher: JWKSFetcher
    private let logger: Logger
    private let state: LockedValue<State>
    /// How many refetches removed a key from the trusted set; read without the lock on every cache hit.
    private let removalCount = Atomic<Int>(0)

    /// Where the keys come from (a URL, a path, or "in-memory JWKS").
    public var location: String { fetcher.location }

    init(fetcher: JWKSFetcher, logger: Logger) {
        self.fetcher = fetcher
        self.logger = logger
        self.state = LockedValue(
            State(
                backoff: JWKSBackoff(
                    initial: fetcher.options.failureBackoff,
                    maximum: fetcher.options.maximumFailureBackoff)))
    }

    /// A key store for a JWKS URL.
    public convenience init(
        url: String, options: JWKSFetchOptions = .init(), httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "CognitoJWT")
    ) {
        self.init(
            fetcher: JWKSFetcher(
                origin: .url(url), options: options, httpClient: httpClient,
                metrics: VerificationMetrics(factory: MetricsSystem.factory)),
            logger: logger)
    }

    /// How many fetches this store has started (for diagnostics and tests).
    public var fetchCount: Int { state.withLock { $0.fetchCount } }

    /// How many refetches so far removed a key from the trusted set: while it is unchanged, every key that was
    /// trusted is still trusted.
    var removals: Int { removalCount.load(ordering: .acquiring) }

    /// The key set currently trusted, if one was ever loaded.
    public var currentKeySet: JSONWebKeySet? { state.withLock { $0.keySet } }

    /// The usable keys of the loaded key set with this `kid`; never fetches.
    func loadedKeys(withID kid: String) -> [VerificationKey] {
        state.withLock { $0.keySet?.keys(withID: kid) ?? [] }
    }

    /// Why no fetch may start now (the back-off after a failure, or the cool-down after a fetch that lacked an
    /// awaited `kid`), or `nil` when one may, or one is in flight to wait for.
    func refusalOfNewFetch() -> CognitoJWTError? {
        state.withLock { state in
            if state.inFlight != nil { return nil }
            let now = ContinuousClock.now
            if let error = state.backoff.refusal(at: now) { return error }
            if let until = state.cooldownUntil, now < until { return Self.coolingDown }
            return nil
        }
    }

    private static let coolingDown = CognitoJWTError(
        .unknownKey, "no usable key with this kid (JWKS refetch cooling down)")

    /// The usable keys with this `kid` (byte for byte), fetching the JWKS if needed.
    public func keys(for kid: String) async throws(CognitoJWTError) -> [VerificationKey] {
        let lookup: Lookup = state.withLock { state in
            if let keys = state.keySet?.keys(withID: kid), !keys.isEmpty { return .found(keys) }
            let now = ContinuousClock.now
            if let task = state.inFlight {
                state.awaitedKids.append(kid)
                return .wait(task)
            }
            if let error = state.backoff.refusal(at: now) { return .refused(error) }
            if let until = state.cooldownUntil, now < until { return .refused(Self.coolingDown) }
            state.awaitedKids.append(kid)
            return .wait(startFetch(&state))
        }
        switch lookup {
        case .found(let keys):
            return keys
        case .refused(let error):
            fetcher.metrics.recordRefusal(error)
            throw error
        case .wait(let task):
            let result = await task.value
            return try state.withLock { state throws(CognitoJWTError) in
                if let keys = state.keySet?.keys(withID: kid), !keys.isEmpty { return keys }
                if case .failure(let error) = result { throw error }
                throw CognitoJWTError(.unknownKey, "no usable key with this kid in the JWKS")
            }
        }
    }

    /// Fetches the JWKS now (joining a fetch in flight), replacing the keys on success.
    /// Call at start-up so the first request does not wait; call periodically to drop removed keys.
    @discardableResult
    public func refresh() async throws(CognitoJWTError) -> JSONWebKeySet {
        let task = state.withLock { state in state.inFlight ?? startFetch(&state) }
        return try await task.value.get()
    }

    /// Whether `key` is still part of the trusted key set (a key removed by a refresh is not).
    func isTrusted(_ key: VerificationKey) -> Bool {
        state.withLock { state in state.keySet?.keys.contains { $0 === key } ?? false }
    }

    private func startFetch(_ state: inout State) -> Fetch {
        state.fetchCount += 1
        let fetcher = self.fetcher
        let task = Fetch { [self] in
            let report = await fetcher.fetch()
            self.finishFetch(report)
            return report.result
        }
        state.inFlight = task
        return task
    }

    /// The end of a fetch, in one locked step: the new keys (or the back-off), the cool-down when an awaited
    /// `kid` is still missing, and the fetch no longer in flight; then its one log line: info for a fetch that
    /// loaded keys, warning for a failed one.
    private func finishFetch(_ report: JWKSFetchReport) {
        let result = report.result
        let failure: (error: CognitoJWTError, wait: Duration, refused: Int)? = state.withLock { state in
            defer {
                state.inFlight = nil
                state.awaitedKids = []
            }
            let now = ContinuousClock.now
            switch result {
            case .success(let fetched):
                let keySet = fetched.keeping(sameKeysOf: state.keySet)
                let removed = state.keySet?.keys.contains { old in !keySet.keys.contains { $0 === old } } ?? false
                state.keySet = keySet
                if removed { removalCount.add(1, ordering: .releasing) }
                state.backoff.recordSuccess()
                if state.awaitedKids.contains(where: { keySet.keys(withID: $0).isEmpty }) {
                    let until = now.advanced(by: fetcher.options.cooldown)
                    if state.cooldownUntil.map({ $0 < until }) ?? true { state.cooldownUntil = until }
                }
                return nil
            case .failure(let error):
                let (wait, refused) = state.backoff.recordFailure(error, at: now)
                return (error, wait, refused)
            }
        }
        var metadata: Logger.Metadata = [
            "jwks": "\(location)", "durationMs": "\(Int((report.duration.seconds * 1_000).rounded()))",
        ]
        if let status = report.status { metadata["status"] = "\(status)" }
        if let failure, failure.error.code == .unknownKey {
            metadata["reason"] = "\(failure.error.message)"
            metadata["retryIn"] = "\(failure.wait)"
            logger.debug("JWKS absent: the pool does not use this issuer", metadata: metadata)
        } else if let failure {
            metadata["reason"] = "\(failure.error.message)"
            metadata["retryIn"] = "\(failure.wait)"
            metadata["refusedSinceLastFailure"] = "\(failure.refused)"
            logger.warning("JWKS fetch failed", metadata: metadata)
        } else {
            metadata["keys"] = "\(report.keyCount ?? 0)"
            if let bytes = report.bytes { metadata["bytes"] = "\(bytes)" }
            logger.info("JWKS fetched", metadata: metadata)
        }
    }
}
