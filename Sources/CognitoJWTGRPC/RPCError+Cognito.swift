import CognitoJWT
import GRPCCore

extension RPCError {
    /// The gRPC answer to an RPC the core's guard refused: the rejection's HTTP status as the code (401
    /// `unauthenticated`, 403 `permissionDenied`, 503 `unavailable`), its stable reason (`missing_token`,
    /// `expired`, `missing_group`, `jwks_unavailable`, …) as the message, and its `WWW-Authenticate` challenge,
    /// when it has one, as the `www-authenticate` trailing metadata.
    public init(cognitoRejection rejection: HTTPRejection) {
        var metadata: Metadata = [:]
        if let challenge = rejection.wwwAuthenticate {
            metadata.addString(challenge, forKey: "www-authenticate")
        }
        self.init(code: Self.code(forHTTPStatus: rejection.status), message: rejection.reason, metadata: metadata)
    }

    /// The gRPC answer to an error of the app's user mapping that carries its own HTTP answer: 400
    /// `invalidArgument`, 401 `unauthenticated`, 403 `permissionDenied` and 503 `unavailable`, with the error's
    /// stable code as the message; any other status is `internalError` with the message `internal_error`,
    /// telling the client nothing more. The error is the `cause` (never sent to the client).
    public init(cognitoAnswer error: some CognitoHTTPAnswerError) {
        let code = Self.code(forHTTPStatus: error.httpStatus)
        self.init(code: code, message: code == .internalError ? "internal_error" : error.code, cause: error)
    }

    /// The gRPC status code for an HTTP status of the core's answers: 400, 401, 403 and 503, else
    /// `internalError`.
    static func code(forHTTPStatus status: Int) -> RPCError.Code {
        switch status {
        case 400: return .invalidArgument
        case 401: return .unauthenticated
        case 403: return .permissionDenied
        case 503: return .unavailable
        default: return .internalError
        }
    }
}
