import CognitoJWTFluent
import Hummingbird

/// The user store's errors answered by Hummingbird: their status (400, 503, …) and JSON body.
extension CognitoUserStoreError: HTTPResponseError {
    /// ``CognitoUserStoreError/httpStatus``.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: httpStatus) }

    /// The status and ``CognitoUserStoreError/jsonBody``, as `application/json`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: jsonBody)))
    }
}
