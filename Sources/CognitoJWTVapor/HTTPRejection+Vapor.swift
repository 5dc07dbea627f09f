import CognitoJWT
import Vapor

extension Response {
    /// The response for `rejection`: its status, its `WWW-Authenticate` challenge if any, and its JSON body
    /// (`Content-Type: application/json`).
    public convenience init(rejection: HTTPRejection) {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        if let challenge = rejection.wwwAuthenticate {
            headers.replaceOrAdd(name: .wwwAuthenticate, value: challenge)
        }
        self.init(
            status: HTTPResponseStatus(statusCode: rejection.status), headers: headers,
            body: .init(string: rejection.body))
    }
}

/// A Cognito rejection thrown from a route (``Vapor/Request/Cognito/require(_:)``): Vapor's `ErrorMiddleware`
/// answers it with the rejection's status and `WWW-Authenticate` header, and ``reason`` in its JSON body.
public struct CognitoAbort: AbortError, Sendable {
    /// The shared HTTP answer (status, challenge, body).
    public let rejection: HTTPRejection
    /// The stable reason code, e.g. `missing_token`, `expired`, `missing_group`.
    public let reason: String

    /// Wraps `rejection`; its reason code is the error's reason.
    public init(_ rejection: HTTPRejection) {
        self.rejection = rejection
        self.reason = rejection.reason
    }

    /// The rejection's status.
    public var status: HTTPResponseStatus { HTTPResponseStatus(statusCode: rejection.status) }

    /// The `WWW-Authenticate` challenge, when the rejection has one.
    public var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if let challenge = rejection.wwwAuthenticate { headers.replaceOrAdd(name: .wwwAuthenticate, value: challenge) }
        return headers
    }
}
