import AsyncHTTPClient
import Logging
import Metrics

/// The signing keys of one JWKS, cached by `kid`.
///
/// - A known `kid` is answered from memory, with no network.
/// - An unknown `kid` triggers one refetch; concurrent callers share the fetch in flight.
/// - When a fetch made for an unknown `kid` did not contain it, no new fetch for a ``JWKSFetchOptions/cooldown``.
/// - A failed fetch keeps the keys already known (stale-on-error); with none known the error is
///   ``CognitoJWTError/Code/jwksUnavailable``.
public final class JWKSKeyStore: Sendable {
    private struct State: Sendable {
        var keySet: JSONWebKeySet?
        var inFlight: Task<Result<JSONWebKeySet, CognitoJWTError>, Never>?
        var fetchCount = 0
        var cooldownUntil: ContinuousClock.Instant?
    }

    private enum Lookup {
        case found([VerificationKey])
        case notFound(String)
        case wait(Task<Result<JSONWebKeySet, CognitoJWTError>, Never>)
    }

    private let fetcher: JWKSFetcher
    private let state: LockedValue<State>

    /// Where the keys come from (a URL, a path, or "in-memory JWKS").
    public var location: String { fetcher.location }

    init(fetcher: JWKSFetcher) {
        self.fetcher = fetcher
        self.state = LockedValue(State())
    }

    /// A key store for a JWKS URL.
    public convenience init(url: String, options: JWKSFetchOptions = .init(), httpClient: HTTPClient? = nil,
                            logger: Logger = Logger(label: "CognitoJWT")) {
        self.init(fetcher: JWKSFetcher(origin: .url(url), options: options, httpClient: httpClient, logger: logger,
                                       metrics: VerificationMetrics(factory: MetricsSystem.factory)))
    }

    /// How many fetches this store has started (for diagnostics and tests).
    public var fetchCount: Int { state.withLock { $0.fetchCount } }

    /// The key set currently trusted, if one was ever loaded.
    public var currentKeySet: JSONWebKeySet? { state.withLock { $0.keySet } }

    /// The usable keys of the loaded key set whose `kid` is these bytes; never fetches.
    func loadedKeys(withID kid: UnsafeRawBufferPointer) -> [VerificationKey] {
        state.withLock { $0.keySet?.keys(withID: kid) ?? [] }
    }

    /// The usable keys with this `kid` (byte for byte), fetching the JWKS if needed.
    public func keys(for kid: String) async throws(CognitoJWTError) -> [VerificationKey] {
        let lookup: Lookup = state.withLock { state in
            if let keys = state.keySet?.keys(withID: kid), !keys.isEmpty { return .found(keys) }
            if let task = state.inFlight { return .wait(task) }
            if let until = state.cooldownUntil, ContinuousClock.now < until {
                return .notFound("no usable key with this kid (JWKS refetch cooling down)")
            }
            return .wait(startFetch(&state))
        }
        switch lookup {
        case .found(let keys):
            return keys
        case .notFound(let reason):
            throw CognitoJWTError(.unknownKey, reason)
        case .wait(let task):
            let result = await task.value
            let cooldown = fetcher.options.cooldown
            return try state.withLock { state throws(CognitoJWTError) in
                if let keys = state.keySet?.keys(withID: kid), !keys.isEmpty { return keys }
                if case .failure(let error) = result { throw error }
                let until = ContinuousClock.now.advanced(by: cooldown)
                if state.cooldownUntil.map({ $0 < until }) ?? true { state.cooldownUntil = until }
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

    private func startFetch(_ state: inout State) -> Task<Result<JSONWebKeySet, CognitoJWTError>, Never> {
        state.fetchCount += 1
        let fetcher = self.fetcher
        let task = Task { [self] in
            let result: Result<JSONWebKeySet, CognitoJWTError>
            do throws(CognitoJWTError) {
                result = .success(try await fetcher.fetch())
            } catch {
                result = .failure(error)
            }
            self.state.withLock { state in
                if case .success(let keySet) = result { state.keySet = keySet }
                state.inFlight = nil
            }
            return result
        }
        state.inFlight = task
        return task
    }
}
