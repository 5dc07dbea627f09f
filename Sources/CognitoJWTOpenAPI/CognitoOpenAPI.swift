import CognitoJWT

/// What ``CognitoOpenAPIMiddleware`` found for the request a handler is answering, read through task locals (the
/// pattern swift-openapi-generator's examples use):
///
/// ```swift
/// func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
///     guard let identity = CognitoOpenAPI.identity else { return .unauthorized(.init()) }
///     return .ok(.init(body: .json(.init(sub: identity.id))))
/// }
/// ```
public enum CognitoOpenAPI {
    /// The verified token's identity; `nil` on a public operation called without a valid token.
    @TaskLocal public static var identity: CognitoIdentity?
    /// The user the middleware's mapping returned for the token, or the token's `CognitoIdentity` when the
    /// middleware has no mapping; `nil` when the request has no verified token.
    @TaskLocal public static var user: (any Sendable)?

    /// ``user`` as `type`, or `nil` (no verified token, or a user of another type).
    public static func user<User>(as type: User.Type) -> User? { user as? User }
}
