import Benchmark
import BenchmarkFixtures
import CognitoJWT

/// The contenders, set up by each benchmark's `setup` (minting takes a while: cold needs more tokens than
/// the cache holds, the others a few hundred).
nonisolated(unsafe) var variants: Variants!

/// Sets up the contenders on `pool` distinct tokens, with the cold verifier's cache filled to capacity.
func prepare(pool: Int) async throws {
    variants = try await Variants(poolSize: pool)
    _ = await variants.runCold(pool)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 100,
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    // The framework's own allocations per iteration, to subtract from the "Malloc (total)" of the others
    // (synchronous benchmarks: the sync floor; async ones: the async floor).
    Benchmark("Floor (sync, empty body)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(0) }
    }
    Benchmark("Floor (async, empty body)") { benchmark async in
        for _ in benchmark.scaledIterations { blackHole(await Task.yieldlessZero()) }
    }

    // swift-crypto alone: SHA-256 of `header.payload` + isValidSignature(_:for:padding: .insecurePKCS1v1_5).
    Benchmark("RSA verify (bare swift-crypto)", closure: { benchmark in
        for _ in benchmark.scaledIterations { blackHole(variants.rsa.verify(variants.rsaCursor.next())) }
    }, setup: { try await prepare(pool: 500) })

    // A distinct token every time through a verifier with the default cache: miss, verify, insert, evict.
    Benchmark("Cold verify (CognitoVerifier)", closure: { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await variants.cold.verify(variants.tokens[variants.coldCursor.next()]).expiresAt)
        }
    }, setup: { try await prepare(pool: 12_000) })

    // The same token again: a cache hit (time claims, key and requirements re-checked).
    Benchmark("Warm verify (CognitoVerifier)", closure: { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try await variants.warm.verify(variants.warmToken).expiresAt) }
    }, setup: { try await prepare(pool: 500) })

    // jwt-kit 5: JWTKeyCollection with the same JWKS, a Codable payload of the Cognito access-token claims.
    Benchmark("jwt-kit verify (JWTKeyCollection)", closure: { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await variants.jwtkit.verify(variants.tokens[variants.jwtkitCursor.next()]).clientID)
        }
    }, setup: { try await prepare(pool: 500) })

    // Strict parsing alone: split, base64url, strict JSON of header and payload, SHA-256 of the signing input.
    Benchmark("Parse (CompactJWS)", closure: { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CompactJWS(parsing: variants.tokens[variants.parseCursor.next()]).payload.count)
        }
    }, setup: { try await prepare(pool: 500) })
}

extension Task where Success == Never, Failure == Never {
    /// An `async` call that does not suspend, so the async floor measures an awaited call like the others.
    static func yieldlessZero() async -> Int { 0 }
}
