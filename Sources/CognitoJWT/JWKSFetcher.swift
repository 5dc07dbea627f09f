import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore

/// Limits applied whenever a JWKS is fetched.
public struct JWKSFetchOptions: Sendable {
    /// Overall deadline for one fetch: connect, headers and body together.
    public var timeout: Duration
    /// Deadline for establishing the connection.
    public var connectTimeout: Duration
    /// Largest JWKS document accepted, in bytes.
    public var maximumBodySize: Int
    /// After a fetch triggered by an unknown `kid` did not contain it, no new fetch for that key set for this long.
    public var cooldown: Duration

    /// Defaults: 5 s overall, 2 s to connect, 1 MiB, 10 s cool-down.
    public init(timeout: Duration = .seconds(5), connectTimeout: Duration = .seconds(2),
                maximumBodySize: Int = 1 << 20, cooldown: Duration = .seconds(10)) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumBodySize = maximumBodySize
        self.cooldown = cooldown
    }
}

/// Obtains the bytes of a JWKS document from a URL (status 200 only, no redirects, size and time limits),
/// a file, or memory. Every failure is a ``CognitoJWTError/Code/jwksUnavailable`` with a reason.
struct JWKSFetcher: Sendable {
    enum Origin: Sendable {
        case url(String)
        case file(String)
        case document([UInt8])
        case provider(@Sendable () async throws -> String)
    }

    let origin: Origin
    let options: JWKSFetchOptions
    let httpClient: HTTPClient?
    let logger: Logger
    let metrics: VerificationMetrics

    /// A short name of where the keys come from, for logs and errors.
    var location: String {
        switch origin {
        case .url(let url): return url
        case .file(let path): return path
        case .document: return "in-memory JWKS"
        case .provider: return "JWKS provider"
        }
    }

    func fetch() async throws(CognitoJWTError) -> JSONWebKeySet {
        let bytes: [UInt8]
        do {
            switch origin {
            case .document(let document): bytes = document
            case .file(let path): bytes = try readFile(path)
            case .url(let url): bytes = try await download(url)
            case .provider(let provider): bytes = Array(try await provider().utf8)
            }
            let keySet = try JSONWebKeySet(json: bytes)
            metrics.fetched.increment()
            return keySet
        } catch {
            let error = error as? CognitoJWTError
                ?? CognitoJWTError(.jwksUnavailable, "fetching the JWKS failed: \(Self.describe(error))")
            metrics.fetchFailed.increment()
            logger.warning("JWKS fetch failed", metadata: ["jwks": "\(location)", "reason": "\(error.message)"])
            throw error
        }
    }

    private func readFile(_ path: String) throws(CognitoJWTError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CognitoJWTError(.jwksUnavailable, "cannot read JWKS file \(path)")
        }
        defer { try? handle.close() }
        let data: Data?
        do {
            data = try handle.read(upToCount: options.maximumBodySize + 1)
        } catch {
            throw CognitoJWTError(.jwksUnavailable, "cannot read JWKS file \(path)")
        }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= options.maximumBodySize else {
            throw CognitoJWTError(.jwksUnavailable, "JWKS file is larger than \(options.maximumBodySize) bytes")
        }
        return bytes
    }

    private func download(_ url: String) async throws -> [UInt8] {
        let client = httpClient ?? SharedHTTPClients.client(connectTimeout: options.connectTimeout)
        let maximum = options.maximumBodySize
        let timeout = options.timeout
        return try await withDeadline(timeout) {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanosecondsClamped)))
            guard response.status == .ok else {
                throw CognitoJWTError(.jwksUnavailable, "JWKS endpoint answered HTTP \(response.status.code)")
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximum {
                throw CognitoJWTError(.jwksUnavailable, "JWKS is larger than \(maximum) bytes")
            }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: maximum)
            } catch is NIOTooManyBytesError {
                throw CognitoJWTError(.jwksUnavailable, "JWKS is larger than \(maximum) bytes")
            }
            return Array(body.readableBytesView)
        }
    }

    /// A one-line description of a transport error (these never carry secrets: no token is ever sent).
    static func describe(_ error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        let text = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        return String(text.prefix(200))
    }
}

/// Runs `body`, cancelling it and throwing ``CognitoJWTError/Code/jwksUnavailable`` when `timeout` passes first.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw CognitoJWTError(.jwksUnavailable, "JWKS fetch timed out after \(timeout)")
        }
        return value
    }
}

extension Duration {
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        guard seconds < Int64.max / 1_000_000_000 - 1 else { return Int64.max }
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// HTTP clients that never follow redirects, one per connect timeout, living for the whole process.
enum SharedHTTPClients {
    private static let clients = LockedValue<[Int64: HTTPClient]>([:])

    static func client(connectTimeout: Duration) -> HTTPClient {
        let key = connectTimeout.nanosecondsClamped
        return clients.withLock { clients in
            if let client = clients[key] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.timeout = .init(connect: .nanoseconds(key))
            configuration.decompression = .disabled
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[key] = client
            return client
        }
    }
}
