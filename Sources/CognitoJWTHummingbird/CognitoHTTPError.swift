import CognitoJWT
import Hummingbird

/// A Hummingbird error answering with a shared `HTTPRejection`: its status, its
/// `WWW-Authenticate` header and its JSON body (`Content-Type: application/json`).
///
/// Thrown by ``CognitoGuardMiddleware``; also usable as the `deniedError` of hummingbird-auth's
/// `AuthorizationPolicyMiddleware`, e.g. with ``ScopePolicy``:
///
/// ```swift
/// AuthorizationPolicyMiddleware(ScopePolicy("orders/read"), deniedError: CognitoHTTPError.insufficientScope())
/// ```
public struct CognitoHTTPError: HTTPResponseError, Sendable {
    /// The answer.
    public let rejection: HTTPRejection

    /// Wraps a rejection.
    public init(_ rejection: HTTPRejection) { self.rejection = rejection }

    /// The answer to a refused token.
    public init(_ error: CognitoJWTError, realm: String = HTTPRejection.defaultRealm) {
        self.init(HTTPRejection(error, realm: realm))
    }

    /// 403 `insufficient_scope` (`missing_scope`), for a denied scope policy.
    public static func insufficientScope(realm: String = HTTPRejection.defaultRealm) -> CognitoHTTPError {
        CognitoHTTPError(CognitoJWTError(.missingScope, "a required scope is missing"), realm: realm)
    }

    /// 403 `forbidden` (`missing_group`), for a denied role (group) policy.
    public static func missingGroup(realm: String = HTTPRejection.defaultRealm) -> CognitoHTTPError {
        CognitoHTTPError(CognitoJWTError(.missingGroup, "a required group is missing"), realm: realm)
    }

    /// The rejection's status.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: rejection.status) }

    /// The response: status, `WWW-Authenticate` when the rejection has one, JSON body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let challenge = rejection.wwwAuthenticate { headers[.wwwAuthenticate] = challenge }
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: rejection.body)))
    }
}
