// swift-tools-version: 6.1
// Benchmarks of swift-cognito-jwt: ordo-one `package-benchmark` suites (`swift package benchmark`) and the
// executables behind `ratios.sh` (side-by-side ratios, allocation counts, HTTP load, memory).
import Foundation
import PackageDescription

/// The identity SwiftPM gives the parent package: the name of its directory (it differs between checkouts).
let core = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "swift-cognito-jwt-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.0.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.0.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
    ],
    targets: [
        // Tokens, keys and the variants under test, shared by every benchmark below.
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "CognitoJWT", package: core),
                .product(name: "CognitoJWTTesting", package: core),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // ordo-one suite: `swift package benchmark`.
        .executableTarget(
            name: "VerifyBenchmarks",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CognitoJWT", package: core),
            ],
            path: "Benchmarks/VerifyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Interleaved rounds of the variants, printing ratios; also the scaling and the memory runs.
        .executableTarget(
            name: "ratio-runner",
            dependencies: ["BenchmarkFixtures", "CBenchmarkSupport", .product(name: "CognitoJWT", package: core)]
        ),
        // Heap allocations per verification, counted by the malloc interposer.
        .executableTarget(
            name: "alloc-count",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "CognitoJWT", package: core),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
                "CBenchmarkSupport",
            ]
        ),
        // backtrace() and dladdr() for alloc-count's allocation sites; line-buffered output.
        .target(name: "CBenchmarkSupport"),
        // Hummingbird server with an open and a protected route returning the same body, and /me with and
        // without the user store (SQLite), for wrk.
        .executableTarget(
            name: "bench-server",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "CognitoJWT", package: core),
                .product(name: "CognitoJWTFluent", package: core),
                .product(name: "CognitoJWTHummingbird", package: core),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "CognitoJWTTesting", package: core),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ]
        ),
    ]
)
