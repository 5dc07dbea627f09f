import AsyncHTTPClient
import Foundation
import NIOCore
import Tracing

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

    /// Fetches once: counts the fetch, records its duration and, when a tracer is active, a `cognito.jwks.fetch`
    /// span (a child of the current span, for example the `cognito.verify` span of the request that needed a key).
    func fetch() async -> JWKSFetchReport {
        let span = TracingGate.activeTracer()?.startSpan(
            CognitoSpanNames.jwksFetch, context: ServiceContext.current ?? .topLevel, ofKind: .client)
        let start = ContinuousClock.now
        var status: Int?
        var size: Int?
        let result: Result<JSONWebKeySet, CognitoJWTError>
        do {
            let bytes: [UInt8]
            switch origin {
            case .document(let document): bytes = Array(document.utf8)
            case .file(let path): bytes = try readFile(path)
            case .url(let url):
                let download = try await download(url)
                status = download.status
                bytes = try download.body.get()
            case .provider(let provider): bytes = Array(try await provider().utf8)
            case .issuerDefault: throw CognitoJWTError(.jwksUnavailable, "no JWKS location")
            }
            size = bytes.count
            result = .success(try JSONWebKeySet(json: bytes))
        } catch {
            result = .failure(
                error as? CognitoJWTError
                    ?? CognitoJWTError(.jwksUnavailable, "fetching the JWKS failed: \(Self.describe(error))"))
        }
        let report = JWKSFetchReport(
            result: result, status: status, bytes: size, duration: start.duration(to: .now))
        metrics.fetches.record(succeeded: report.keyCount != nil, duration: report.duration)
        if let span {
            report.annotate(span, origin: origin, location: location)
            span.end()
        }
        return report
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

    /// Fetches the JWKS at `url`; a 403 or 404 is ``CognitoJWTError/Code/unknownKey`` for an issuer whose
    /// absence means the pool does not use it.
    private func download(_ url: String) async throws -> KeyDownload {
        let download = try await KeyDownload.get(
            url, accept: "application/json", what: "JWKS", options: options, httpClient: httpClient)
        if absentMeansUnknownKey, download.status == 403 || download.status == 404 {
            return KeyDownload(
                status: download.status,
                body: .failure(
                    CognitoJWTError(
                        .unknownKey,
                        "the JWKS of this issuer answered HTTP \(download.status): the pool does not use it")))
        }
        return download
    }

    static func describe(_ error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        let text = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        return String(text.prefix(200))
    }
}
