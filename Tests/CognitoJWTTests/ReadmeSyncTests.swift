import Foundation
import Testing

/// The README's framework snippets are the files the adapter tests compile and run.
@Suite("README")
struct ReadmeSyncTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "shows the compiled framework, key-rotation, OpenAPI, gRPC and ALB snippets verbatim",
        arguments: [
            "Tests/CognitoJWTVaporTests/ReadmeSnippet.swift", "Tests/CognitoJWTHummingbirdTests/ReadmeSnippet.swift",
            "Tests/CognitoJWTHummingbirdTests/ReadmeSnippetKeyRotation.swift",
            "Tests/CognitoJWTTests/ReadmeSnippetCognito2026.swift",
            "Tests/CognitoJWTFluentTests/ReadmeSnippetRevocationTable.swift",
            "Tests/CognitoJWTTests/ReadmeSnippetConfiguration.swift",
            "Tests/CognitoJWTOpenAPITests/ReadmeSnippetOpenAPI.swift",
            "Tests/CognitoJWTGRPCTests/ReadmeSnippetGRPC.swift",
            "Tests/CognitoJWTHummingbirdTests/ReadmeSnippetALB.swift",
        ])
    func snippets(path: String) throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let snippet = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(snippet.count > 200)
        #expect(readme.contains("```swift\n" + snippet + "\n```"))
    }

    @Test("gives the two set-up commands, and CI runs the same test command, which runs swift test")
    func setUp() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("\nswift run cognito-jwt demo "))
        #expect(readme.contains("\nscripts/test.sh "))
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.split(separator: "\n").contains("scripts/test.sh"))
        let script = try String(contentsOf: Self.root.appendingPathComponent("scripts/test.sh"), encoding: .utf8)
        #expect(script.contains("\nswift test --no-parallel \"$@\"\n"))
        #expect(script.contains("apt-get install -y -qq postgresql"))
    }

    @Test("\"What is checked\" names the function whose body is the pipeline, and that function exists")
    func pipelinePointer() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(
            readme.contains(
                "`CognitoVerifier.check(_:now:)` (in `Sources/CognitoJWT/Verification/CognitoVerifier.swift`)"))
        let source = try String(
            contentsOf: Self.root.appendingPathComponent("Sources/CognitoJWT/Verification/CognitoVerifier.swift"),
            encoding: .utf8)
        #expect(
            source.contains(
                "private nonisolated(nonsending) func check(_ token: String, now: Double) async throws(CognitoJWTError)"
                    + " -> Verified {"))
        for step in [
            "// 1. parse", "// 2. header", "// 3. keys", "// 4. signature", "// 5. payload", "// 6. pool",
            "// 7. claims",
        ] {
            #expect(source.contains(step), "\(step)")
        }
    }
}
