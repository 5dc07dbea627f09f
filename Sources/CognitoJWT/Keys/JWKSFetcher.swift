import AsyncHTTPClient
import Foundation
import NIOCore

/// Obtains the bytes of a JWKS document from a URL (status 200 only, no redirects, size and time limits),
/// a file, or memory. Every failure is a ``CognitoJWTError/Code/jwksUnavailable`` with a reason.
struct JWKSFetcher: Sendable {
    /// Where the keys come from (never ``KeySource/issuerDefault``: the verifier resolves it to the URL).
    let origin: KeySource
    let options: JWKSFetchOptions
    let httpClient: HTTPClient?
    let metrics: VerificationMetrics
    /// Whether an HTTP 403 or 404 means "no such JWKS" (an issuer form the pool does not use): the fetch then
    /// fails with ``CognitoJWTError/Code/unknownKey``, so the tokens naming it are unknown keys, not a 503.
    var absentMeansUnknownKey = false

    /// A short name of where the keys come from, for logs and errors.
    var location: String {
        switch origin {
        case .url(let url): return url
        case .file(let path): return path
        case .document: return "in-memory JWKS"
        case .provider: return "JWKS provider"
        case .issuerDefault: return "issuer default"
        }
    }

    func fetch() async throws(CognitoJWTError) -> JSONWebKeySet {
        let bytes: [UInt8]
        do {
            switch origin {
            case .document(let document): bytes = Array(document.utf8)
            case .file(let path): bytes = try readFile(path)
            case .url(let url): bytes = try await download(url)
            case .provider(let provider): bytes = Array(try await provider().utf8)
            case .issuerDefault: throw CognitoJWTError(.jwksUnavailable, "no JWKS location")
            }
            let keySet = try JSONWebKeySet(json: bytes)
            metrics.fetched.increment()
            return keySet
        } catch {
            let error =
                error as? CognitoJWTError
                ?? CognitoJWTError(.jwksUnavailable, "fetching the JWKS failed: \(Self.describe(error))")
            metrics.fetchFailed.increment()
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
            if absentMeansUnknownKey, response.status == .forbidden || response.status == .notFound {
                throw CognitoJWTError(
                    .unknownKey,
                    "the JWKS of this issuer answered HTTP \(response.status.code): the pool does not use it")
            }
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
