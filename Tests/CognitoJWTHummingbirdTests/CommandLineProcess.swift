import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Testing

/// The `cognito-jwt` executable built by `swift build`, run as a child process on a free 127.0.0.1 port.
final class CommandLineProcess: @unchecked Sendable {
    /// The package root, from this file's path (`Tests/CognitoJWTHummingbirdTests/<file>`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built executable: next to the running test bundle (same build configuration) or
    /// `.build/debug/cognito-jwt` under the package root.
    static func executable() throws -> URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("cognito-jwt")
        let debug = packageRoot.appendingPathComponent(".build/debug/cognito-jwt")
        let found = [besideTests, debug].first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "cognito-jwt is not built: run `swift build` first (looked at \(debug.path))")
    }

    /// A port nothing listens on right now, below Linux's ephemeral range (32768–60999), so that the
    /// tests' own outgoing connections do not take it before the child process binds it.
    static func freePort() async throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 20_000..<32_000)
            if let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: candidate).get()
            {
                try await channel.close()
                return candidate
            }
        }
        Issue.record("no free port on 127.0.0.1 in 20000–31999")
        throw CancellationError()
    }

    let process = Process()
    let port: Int
    private let stdoutURL: URL
    private let stderrURL: URL

    /// Starts `cognito-jwt <arguments>` with `environment` (the test's own, without `COGNITO_*` and
    /// `DATABASE_URL`, plus these).
    init(_ arguments: [String], port: Int, environment: [String: String] = [:]) throws {
        self.port = port
        let directory = FileManager.default.temporaryDirectory
        let name = "cognito-jwt-\(UUID().uuidString)"
        stdoutURL = directory.appendingPathComponent(name + ".out")
        stderrURL = directory.appendingPathComponent(name + ".err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = try Self.executable()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("COGNITO_") && $0.key != "DATABASE_URL"
        }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    /// What the process printed so far.
    var standardOutput: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    /// What the process logged so far.
    var standardError: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `cognito-jwt <arguments(port)>` on a random port below the ephemeral range and waits until it
    /// is ready (``waitUntilReady(marker:)`` with `marker(baseURL)`); when another process took the port
    /// first, starts again on another one.
    static func launch(
        _ arguments: (Int) -> [String], environment: [String: String] = [:],
        marker: (String) -> String
    ) async throws -> CommandLineProcess {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<32_000)
            let child = try CommandLineProcess(arguments(port), port: port, environment: environment)
            if try await child.becomesReady(marker: marker(child.baseURL)) { return child }
            guard !child.process.isRunning, child.standardError.contains("Address already in use") else {
                Issue.record(
                    "cognito-jwt did not become ready; stdout:\n\(child.standardOutput)\nstderr:\n\(child.standardError)"
                )
                throw CancellationError()
            }
        }
        Issue.record("cognito-jwt found no free port in five tries")
        throw CancellationError()
    }

    /// Whether, within about 30 s, `GET /health` answers 200 and stdout contains `marker`.
    private func becomesReady(marker: String) async throws -> Bool {
        for _ in 0..<300 {
            guard process.isRunning else { return false }
            if let response = try? await get("/health"), response.status == 200, standardOutput.contains(marker) {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Waits (at most about 30 s) until `GET /health` answers 200 and stdout contains `marker`.
    func waitUntilReady(marker: String) async throws {
        if try await becomesReady(marker: marker) { return }
        Issue.record("cognito-jwt did not become ready; stdout:\n\(standardOutput)\nstderr:\n\(standardError)")
        throw CancellationError()
    }

    /// Waits (at most about 30 s) for the process to end; its exit status, or `nil` if it did not end.
    func waitForExit() async throws -> Int32? {
        for _ in 0..<300 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard !process.isRunning else { return nil }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// A response: status, headers and body text.
    struct Reply {
        let status: Int
        let headers: [(name: String, value: String)]
        let body: String

        /// The first value of the header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// `GET path` with an optional bearer token and extra headers.
    func get(_ path: String, token: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        return try await send(request)
    }

    /// `POST path` with a JSON body and extra headers.
    func post(_ path: String, json: String, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: json))
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: body))
    }
}

/// Parses JSON text into a Foundation object tree.
func parseJSON(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}
