import Foundation
import InMemoryTracing
import Testing
import Tracing

@testable import CognitoJWT

#if canImport(Glibc)
import Glibc
#endif

/// Heap allocations of a cached verification, counted by the allocator that `scripts/alloc-probe.sh` preloads
/// (skipped without it): without a tracer, none beyond those of its key check (`JWKSKeyStore.isTrusted`), whose
/// unspecialized `contains(where:)` allocates in debug builds only; `allocs/warm` in `Benchmarks/` measures 0 in
/// release builds.
@Suite("Warm-path allocations")
struct WarmPathAllocationTests {
    typealias Counter = @convention(c) () -> Int

    /// The preloaded allocation counter, when there is one.
    static let counter: Counter? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "cognito_probe_allocations") else {
            return nil
        }
        return unsafeBitCast(symbol, to: Counter.self)
        #else
        return nil
        #endif
    }()

    /// Allocations per run of `body`, over `runs` runs after 100 to warm up.
    static func allocations(runs: Int = 2_000, _ body: () async throws -> Void) async throws -> Double {
        let count = try #require(counter)
        for _ in 0..<100 { try await body() }
        let before = count()
        for _ in 0..<runs { try await body() }
        return Double(count() - before) / Double(runs)
    }

    /// Allocations per verification of `token`, already cached.
    static func allocationsPerVerification(
        _ verifier: CognitoVerifier, _ token: String, runs: Int = 2_000
    ) async throws -> Double {
        try await allocations(runs: runs) { _ = try await verifier.verify(token) }
    }

    @Test("a cached verification allocates nothing of its own without a tracer", .enabled(if: counter != nil))
    func warmWithoutTracer() async throws {
        let verifier = try makeVerifier(cacheCapacity: 10)
        let token = signRaw(header: cognitoHeader(), payload: json(accessClaims()))
        let perVerification = try await Self.allocationsPerVerification(verifier, token)
        let key = try #require(
            verifier.keyStores[0].currentKeySet?.keys.first { $0.kid == sharedIssuer.signingKeys[1].kid })
        let keyCheck = try await Self.allocations { _ = verifier.keyStores[0].isTrusted(key) }
        print("allocations per warm verification without a tracer: \(perVerification) (its key check: \(keyCheck))")
        #expect(perVerification - keyCheck < 0.01)
    }

    @Test("with a tracer and a trace in progress, a cached verification is a span", .enabled(if: counter != nil))
    func warmWithTracer() async throws {
        let tracer = InMemoryTracer()
        let token = signRaw(header: cognitoHeader(), payload: json(accessClaims()))
        try await withTracer(tracer) {
            let verifier = try makeVerifier(cacheCapacity: 10)
            try await withSpan("request") { _ in
                let perVerification = try await Self.allocationsPerVerification(verifier, token, runs: 200)
                print("allocations per warm verification inside a trace (in-memory tracer): \(perVerification)")
                #expect(perVerification > 0)
            }
        }
    }
}
