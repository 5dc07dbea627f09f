import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// `cognito-jwt serve`, as built by `swift build`, run as a child process on a free 127.0.0.1 port (or another
/// command of it, such as `migrate`, run to its exit).
final class ServeProcess: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let process = Process()
    let port: Int
    private let stdoutURL: URL
    private let stderrURL: URL

    /// Starts `cognito-jwt serve --port <free>` with `environment` added to the test's own (without
    /// `COGNITO_*` and `DATABASE_URL`), and waits until it answers `/health`.
    /// A port taken by another process meanwhile is retried on another one.
    static func start(environment: [String: String]) async throws -> ServeProcess {
        for _ in 0..<5 {
            let serve = try ServeProcess(port: Int.random(in: 20_000..<32_000), environment: environment)
            if try await serve.becomesReady() { return serve }
            guard !serve.process.isRunning, serve.standardError.contains("Address already in use") else {
                Issue.record(
                    "cognito-jwt serve did not become ready; stdout:\n\(serve.standardOutput)\nstderr:\n\(serve.standardError)"
                )
                throw CancellationError()
            }
        }
        Issue.record("cognito-jwt serve found no free port in five tries")
        throw CancellationError()
    }

    private convenience init(port: Int, environment: [String: String]) throws {
        try self.init(arguments: ["serve", "--port", String(port)], port: port, environment: environment)
        try process.run()
    }

    /// `cognito-jwt` with `arguments` and `environment` added to the test's own (without `COGNITO_*` and
    /// `DATABASE_URL`), not started yet: `process.run()` starts it.
    init(arguments: [String], port: Int = 0, environment: [String: String]) throws {
        self.port = port
        let name = "cognito-jwt-\(arguments.first ?? "run")-\(UUID().uuidString)"
        stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".out")
        stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("cognito-jwt")
        let debug = Self.packageRoot.appendingPathComponent(".build/debug/cognito-jwt")
        process.executableURL = try #require(
            [besideTests, debug].first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "cognito-jwt is not built: run `swift build` first")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("COGNITO_") && $0.key != "DATABASE_URL"
        }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    var standardOutput: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private func becomesReady() async throws -> Bool {
        for _ in 0..<300 {
            guard process.isRunning else { return false }
            if let reply = try? await get("/health"), reply.status == 200,
                standardOutput.contains("cognito-jwt serve: \(baseURL)")
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Waits (at most 60 s) for the exit status of a process that ends by itself.
    func exitStatus() async throws -> Int32? {
        for _ in 0..<1_200 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Interrupts the process and waits (at most 30 s) for its exit status.
    func stop() async throws -> Int32? {
        process.interrupt()
        for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    struct Reply: Sendable {
        let status: Int
        let contentType: String?
        let body: String

        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        }
    }

    /// `GET path` with an optional bearer token, on `client`.
    func get(_ path: String, token: String? = nil, client: HTTPClient = .shared) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Reply(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: String(buffer: body))
    }
}
