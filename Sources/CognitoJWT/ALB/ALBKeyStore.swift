import AsyncHTTPClient
import Crypto
import Logging

/// The load balancers' public keys, fetched by `kid` from `<base>/<kid>` (a PEM P-256 key each), cached by URL,
/// one fetch per URL at a time (single-flight), under the JWKS fetcher's deadlines and size limit.
///
/// After a failed fetch, new fetches are refused until the backoff ends (the JWKS fetcher's failure backoff, from
/// `failureBackoff` doubling up to `maximumFailureBackoff`), whatever their `kid`: tokens with made-up `kid`s
/// cannot make it fetch more often than that.
final class ALBKeyStore: Sendable {
    private typealias Fetch = Task<Result<P256.Signing.PublicKey, CognitoJWTError>, Never>

    private struct State: Sendable {
        var keys: [String: P256.Signing.PublicKey] = [:]
        var order: [String] = []
        var inFlight: [String: Fetch] = [:]
        var backoff: JWKSBackoff
        var fetchCount = 0
    }

    private enum Lookup {
        case found(P256.Signing.PublicKey)
        case refused(CognitoJWTError)
        case wait(Fetch)
    }

    /// How many keys are kept; the oldest is dropped first.
    static let capacity = 64

    private let options: JWKSFetchOptions
    private let httpClient: HTTPClient?
    private let logger: Logger
    private let metrics: FetchMetrics
    private let state: LockedValue<State>

    init(options: JWKSFetchOptions, httpClient: HTTPClient?, logger: Logger, metrics: FetchMetrics) {
        self.options = options
        self.httpClient = httpClient
        self.logger = logger
        self.metrics = metrics
        self.state = LockedValue(
            State(backoff: JWKSBackoff(initial: options.failureBackoff, maximum: options.maximumFailureBackoff)))
    }

    /// How many fetches were started.
    var fetchCount: Int { state.withLock { $0.fetchCount } }

    /// The key at `url` (`<base>/<kid>`, the `kid` already checked to be a UUID).
    func key(at url: String) async throws(CognitoJWTError) -> P256.Signing.PublicKey {
        let lookup = state.withLock { state -> Lookup in
            if let key = state.keys[url] { return .found(key) }
            if let fetch = state.inFlight[url] { return .wait(fetch) }
            if let last = state.backoff.refusal(at: .now) {
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
        do {
            let download = try await KeyDownload.get(
                url, accept: "application/x-pem-file, text/plain", what: "ALB public key", options: options,
                httpClient: httpClient)
            if download.status == 403 || download.status == 404 {
                result = .failure(
                    CognitoJWTError(
                        .unknownKey, "the ALB key server has no key with this kid (HTTP \(download.status))"))
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
        let failure = state.withLock { state -> (error: CognitoJWTError, retryIn: Duration)? in
            state.inFlight[url] = nil
            switch result {
            case .success(let key):
                state.keys[url] = key
                state.order.append(url)
                if state.order.count > Self.capacity { state.keys[state.order.removeFirst()] = nil }
                state.backoff.recordSuccess()
                return nil
            case .failure(let error):
                return (error, state.backoff.recordFailure(error, at: .now).wait)
            }
        }
        if let failure {
            logger.warning(
                "ALB public key fetch failed",
                metadata: ["url": "\(url)", "reason": "\(failure.error.message)", "retryIn": "\(failure.retryIn)"])
        }
        return result
    }
}
