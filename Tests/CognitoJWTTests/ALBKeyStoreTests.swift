import CognitoJWTTesting
import Foundation
import Logging
import Metrics
import Testing

@testable import CognitoJWT

/// ``ALBKeyStore`` on a monotonic clock the test moves: a 403 or 404 is remembered for its `kid` alone, for the
/// cool-down; a 5xx pauses every new `kid` until the backoff ends.
@Suite("ALB key store: per-kid answers and the backoff")
struct ALBKeyStoreTests {
    /// A store fetching from the local key server, on the clock `now`.
    func makeStore(
        _ now: LockedValue<ContinuousClock.Instant>,
        cooldown: Duration = .seconds(10), backoff: Duration = .seconds(30),
        absentCapacity: Int = ALBKeyStore.defaultAbsentCapacity
    ) -> ALBKeyStore {
        ALBKeyStore(
            options: JWKSFetchOptions(cooldown: cooldown, failureBackoff: backoff, maximumFailureBackoff: backoff),
            httpClient: nil, logger: Logger(label: "test"),
            metrics: ALBMetrics(factory: NOOPMetricsHandler.instance).fetches, clock: { now.withLock { $0 } },
            absentCapacity: absentCapacity)
    }

    /// The code `store` refuses the key at `url` with, or nil when it returns one.
    func code(_ store: ALBKeyStore, _ url: String) async -> CognitoJWTError.Code? {
        do {
            _ = try await store.key(at: url)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a kid answered 404 is refused without a request for the cool-down, and asked again after it")
    func absentKidRemembered() async throws {
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let now = LockedValue(ContinuousClock.now)
            let store = makeStore(now, cooldown: .seconds(10))
            let unknown = "/" + LocalALB.SigningKey.generate().kid
            let known = "/" + alb.signingKeys[0].kid
            #expect(await code(store, server.baseURL + unknown) == .unknownKey)
            #expect(await code(store, server.baseURL + known) == nil)
            now.withLock { $0 = $0.advanced(by: .milliseconds(9_999)) }
            #expect(await code(store, server.baseURL + unknown) == .unknownKey)
            #expect(server.requestedPaths == [unknown, known])
            now.withLock { $0 = $0.advanced(by: .milliseconds(1)) }
            #expect(await code(store, server.baseURL + unknown) == .unknownKey)
            #expect(server.requestedPaths == [unknown, known, unknown])
            #expect(await code(store, server.baseURL + unknown) == .unknownKey)
            #expect(server.requestCount == 3)
            #expect(store.fetchCount == 3)
        }
    }

    @Test("a 403 is remembered like a 404; a kid the server later serves is fetched once the cool-down ends")
    func forbiddenThenServed() async throws {
        let alb = makeALB()
        let serving = LockedValue(false)
        let pem = Array(alb.signingKeys[0].publicKeyPEM.utf8)
        try await withLocalServer({ _ in
            serving.withLock { $0 } ? .response(status: 200, reason: "OK", body: pem) : .status(403)
        }) { server in
            let now = LockedValue(ContinuousClock.now)
            let store = makeStore(now, cooldown: .seconds(10))
            let url = server.baseURL + "/" + alb.signingKeys[0].kid
            #expect(await code(store, url) == .unknownKey)
            serving.withLock { $0 = true }
            #expect(await code(store, url) == .unknownKey)
            #expect(server.requestCount == 1)
            now.withLock { $0 = $0.advanced(by: .seconds(10)) }
            #expect(await code(store, url) == nil)
            #expect(await code(store, url) == nil)
            #expect(server.requestCount == 2)
        }
    }

    @Test("a bounded number of kids answered 404 are remembered (1,024 by default): the oldest is forgotten first")
    func absentKidsBounded() async throws {
        #expect(makeStore(LockedValue(.now)).absentCapacity == 1_024)
        let alb = makeALB()
        try await withKeyServer(alb) { server in
            let now = LockedValue(ContinuousClock.now)
            let store = makeStore(now, cooldown: .seconds(3_600), absentCapacity: 8)
            let kids = (0...8).map { _ in UUID().uuidString.lowercased() }
            for kid in kids { #expect(await code(store, server.baseURL + "/" + kid) == .unknownKey) }
            #expect(server.requestCount == kids.count)
            #expect(await code(store, server.baseURL + "/" + kids[1]) == .unknownKey)
            #expect(await code(store, server.baseURL + "/" + kids[kids.count - 1]) == .unknownKey)
            #expect(server.requestCount == kids.count)
            #expect(await code(store, server.baseURL + "/" + kids[0]) == .unknownKey)
            #expect(server.requestCount == kids.count + 1)
        }
    }

    @Test("a 500 pauses every new kid until the backoff ends; cached keys and the 404s' kids are unaffected")
    func serverErrorBacksOff() async throws {
        let alb = makeALB()
        let failing = LockedValue(false)
        let pem = Array(alb.signingKeys[0].publicKeyPEM.utf8)
        let known = "/" + alb.signingKeys[0].kid
        try await withLocalServer({ path in
            if failing.withLock({ $0 }) { return .status(500) }
            return path == known ? .response(status: 200, reason: "OK", body: pem) : .status(404)
        }) { server in
            let now = LockedValue(ContinuousClock.now)
            let store = makeStore(now, cooldown: .seconds(10), backoff: .seconds(30))
            let unknown = server.baseURL + "/" + LocalALB.SigningKey.generate().kid
            #expect(await code(store, unknown) == .unknownKey)
            failing.withLock { $0 = true }
            #expect(await code(store, server.baseURL + "/" + LocalALB.SigningKey.generate().kid) == .jwksUnavailable)
            #expect(server.requestCount == 2)
            failing.withLock { $0 = false }
            #expect(await code(store, server.baseURL + known) == .jwksUnavailable, "paused")
            #expect(await code(store, unknown) == .unknownKey, "still the remembered answer")
            #expect(server.requestCount == 2)
            now.withLock { $0 = $0.advanced(by: .seconds(29)) }
            #expect(await code(store, server.baseURL + known) == .jwksUnavailable)
            #expect(server.requestCount == 2)
            now.withLock { $0 = $0.advanced(by: .seconds(1)) }
            #expect(await code(store, server.baseURL + known) == nil)
            #expect(server.requestCount == 3)
            failing.withLock { $0 = true }
            #expect(await code(store, server.baseURL + known) == nil, "cached")
            #expect(server.requestCount == 3)
        }
    }
}
