import AsyncHTTPClient
import NIOCore

/// One HTTP GET of key material (a JWKS, an ALB public key) under the fetch options' deadline and size limit: the
/// status, and the body when the status is 200.
struct KeyDownload: Sendable {
    /// The HTTP status.
    let status: Int
    /// The body (200 only, at most the size limit), or why there is none (``CognitoJWTError/Code/jwksUnavailable``).
    let body: Result<[UInt8], CognitoJWTError>

    /// Fetches `url`; `what` names the document in errors ("JWKS", "ALB public key").
    static func get(
        _ url: String, accept: String, what: String, options: JWKSFetchOptions, httpClient: HTTPClient?
    ) async throws -> KeyDownload {
        let client = httpClient ?? SharedHTTPClients.client(connectTimeout: options.connectTimeout)
        let maximum = options.maximumBodySize
        let timeout = options.timeout
        return try await withDeadline(timeout, fetching: what) {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "Accept", value: accept)
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanosecondsClamped)))
            let status = Int(response.status.code)
            guard response.status == .ok else {
                return KeyDownload(
                    status: status,
                    body: .failure(CognitoJWTError(.jwksUnavailable, "\(what) endpoint answered HTTP \(status)")))
            }
            let tooLarge = CognitoJWTError(.jwksUnavailable, "\(what) is larger than \(maximum) bytes")
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximum {
                return KeyDownload(status: status, body: .failure(tooLarge))
            }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: maximum)
            } catch is NIOTooManyBytesError {
                return KeyDownload(status: status, body: .failure(tooLarge))
            }
            return KeyDownload(status: status, body: .success(Array(body.readableBytesView)))
        }
    }
}
