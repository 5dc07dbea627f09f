// swift-tools-version:6.2
import PackageDescription

/// A product of another package that a target uses only when the integration `trait` is enabled: SwiftPM leaves a
/// package out of resolution when every use of it is guarded by a trait that is off.
func product(_ name: String, _ package: String, when trait: String) -> Target.Dependency {
    .product(name: name, package: package, condition: .when(traits: [trait]))
}

let package = Package(
    name: "swift-cognito-jwt",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CognitoJWT", targets: ["CognitoJWT"]),
        .library(name: "CognitoJWTVapor", targets: ["CognitoJWTVapor"]),
        .library(name: "CognitoJWTHummingbird", targets: ["CognitoJWTHummingbird"]),
        .library(name: "CognitoJWTTesting", targets: ["CognitoJWTTesting"]),
        .library(name: "CognitoJWTFluent", targets: ["CognitoJWTFluent"]),
        .library(name: "CognitoJWTConfiguration", targets: ["CognitoJWTConfiguration"]),
        .library(name: "CognitoJWTOpenAPI", targets: ["CognitoJWTOpenAPI"]),
        .library(name: "CognitoJWTGRPC", targets: ["CognitoJWTGRPC"]),
        .executable(name: "cognito-jwt", targets: ["cognito-jwt"]),
    ],
    // Each integration is a trait: a package that names the traits it uses (`traits: ["Vapor"]`, or `traits: []`
    // for the core alone) resolves and builds no other framework. The defaults enable them all.
    traits: [
        .trait(name: "Vapor", description: "CognitoJWTVapor: middleware and request helpers for Vapor 4."),
        .trait(name: "Hummingbird", description: "CognitoJWTHummingbird: middleware for Hummingbird 2."),
        .trait(name: "Fluent", description: "CognitoJWTFluent: the user store on FluentKit (SQLite, PostgreSQL)."),
        .trait(name: "Configuration", description: "CognitoJWTConfiguration: settings from swift-configuration."),
        .trait(name: "OpenAPI", description: "CognitoJWTOpenAPI: a swift-openapi-runtime server middleware."),
        .trait(name: "GRPC", description: "CognitoJWTGRPC: a grpc-swift 2 server interceptor."),
        .trait(
            name: "CLI", description: "The cognito-jwt command (verify, decode, jwks, demo, serve).",
            enabledTraits: ["Hummingbird", "Fluent", "Configuration"]),
        .default(enabledTraits: ["Vapor", "Hummingbird", "Fluent", "Configuration", "OpenAPI", "GRPC", "CLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.110.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.0.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.2.0"),
        .package(
            url: "https://github.com/apple/swift-configuration.git", from: "1.0.0",
            traits: [.defaults, "YAML", "CommandLineArguments", "Reloading"]),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.0.0", traits: []),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.0.0"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.0.0"),
    ],
    targets: [
        .target(name: "CCognitoJWTPrefetch"),
        .target(
            name: "CognitoJWT",
            dependencies: [
                "CCognitoJWTPrefetch",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "CognitoJWTConfiguration",
            dependencies: [
                "CognitoJWT",
                product("Configuration", "swift-configuration", when: "Configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "CognitoJWTTesting",
            dependencies: [
                "CognitoJWT",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "CognitoJWTVapor",
            dependencies: [
                "CognitoJWT",
                product("Vapor", "vapor", when: "Vapor"),
            ]
        ),
        .target(
            name: "CognitoJWTHummingbird",
            dependencies: [
                "CognitoJWT",
                product("Hummingbird", "hummingbird", when: "Hummingbird"),
                product("HummingbirdAuth", "hummingbird-auth", when: "Hummingbird"),
            ]
        ),
        .target(
            name: "CognitoJWTFluent",
            dependencies: [
                "CognitoJWT",
                product("FluentKit", "fluent-kit", when: "Fluent"),
                product("SQLKit", "sql-kit", when: "Fluent"),
            ]
        ),
        .target(
            name: "CognitoJWTOpenAPI",
            dependencies: [
                "CognitoJWT",
                product("OpenAPIRuntime", "swift-openapi-runtime", when: "OpenAPI"),
                product("HTTPTypes", "swift-http-types", when: "OpenAPI"),
                product("OpenAPIKit", "OpenAPIKit", when: "OpenAPI"),
                product("OpenAPIKit30", "OpenAPIKit", when: "OpenAPI"),
                product("OpenAPIKitCompat", "OpenAPIKit", when: "OpenAPI"),
                // Unguarded: SwiftPM 6.3 fails to resolve ("exhausted attempts") when Yams is trait-guarded here and
                // behind swift-configuration's YAML trait there. Resolved for every app, built only with OpenAPI.
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "CognitoJWTGRPC",
            dependencies: [
                "CognitoJWT",
                product("GRPCCore", "grpc-swift-2", when: "GRPC"),
            ]
        ),
        .executableTarget(
            name: "cognito-jwt",
            dependencies: [
                "CognitoJWT",
                "CognitoJWTHummingbird",
                "CognitoJWTTesting",
                "CognitoJWTFluent",
                "CognitoJWTConfiguration",
                product("FluentKit", "fluent-kit", when: "CLI"),
                product("FluentSQLiteDriver", "fluent-sqlite-driver", when: "CLI"),
                product("FluentPostgresDriver", "fluent-postgres-driver", when: "CLI"),
                product("ArgumentParser", "swift-argument-parser", when: "CLI"),
                product("Configuration", "swift-configuration", when: "CLI"),
                product("Prometheus", "swift-prometheus", when: "CLI"),
                product("SystemPackage", "swift-system", when: "CLI"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                product("Hummingbird", "hummingbird", when: "CLI"),
            ]
        ),
        .testTarget(
            name: "CognitoJWTTests",
            dependencies: [
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                "CognitoJWTConfiguration",
                .product(name: "Logging", package: "swift-log"),
                "CognitoJWT",
                "CognitoJWTTesting",
                "cognito-jwt",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CognitoJWTVaporTests",
            dependencies: [
                "CognitoJWTVapor",
                "CognitoJWTTesting",
                "CognitoJWTFluent",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            ]
        ),
        .testTarget(
            name: "CognitoJWTFluentTests",
            dependencies: [
                "CognitoJWT",
                "CognitoJWTFluent",
                "CognitoJWTTesting",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CognitoJWTHummingbirdTests",
            dependencies: [
                "CognitoJWT",
                "CognitoJWTHummingbird",
                "CognitoJWTTesting",
                "CognitoJWTFluent",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CognitoJWTOpenAPITests",
            dependencies: [
                "CognitoJWT",
                "CognitoJWTOpenAPI",
                "CognitoJWTTesting",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["openapi.yaml", "openapi-generator-config.yaml"]
        ),
        .testTarget(
            name: "CognitoJWTGRPCTests",
            dependencies: [
                "CognitoJWT",
                "CognitoJWTGRPC",
                "CognitoJWTTesting",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
