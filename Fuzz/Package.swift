// swift-tools-version: 6.1
// libFuzzer targets for swift-cognito-jwt. Built with `-sanitize=fuzzer,address` by `scripts/fuzz.sh`; a separate
// package (it depends on the core alone, `.package(path: "..", traits: [])`), so the library's users never build it.
import Foundation
import PackageDescription

/// The identity SwiftPM gives the parent package: the name of its directory (it differs between checkouts).
let core = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "swift-cognito-jwt-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..", traits: [])],
    targets: [
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver", .product(name: "CognitoJWT", package: core)]),
        // libFuzzer's driver, called from each target's main with the target's one-input function.
        .target(name: "CFuzzerDriver"),
    ] + ["verify", "mutate", "jwks", "authorization"].map { name in
        .executableTarget(
            name: "fuzz-\(name)", dependencies: ["FuzzSupport", .product(name: "CognitoJWT", package: core)],
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
    }
)
