/// An error of the app's user lookup that carries its own HTTP answer, such as the user store's
/// `CognitoUserStoreError` (400 `invalid_claim`, 503 `user_store_unavailable`). The OpenAPI and gRPC adapters,
/// whose frameworks have no error protocol of their own for this, answer with it instead of a 500.
public protocol CognitoHTTPAnswerError: Error, Sendable {
    /// The HTTP status.
    var httpStatus: Int { get }
    /// The stable code, e.g. `user_store_unavailable`.
    var code: String { get }
    /// The answer's JSON body: `{"error":"<code>","reason":"…"}`.
    var jsonBody: String { get }
}
