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
    /// The app's user the middleware's user mapping returned, when one is configured.
    @TaskLocal public static var user: (any Sendable)?

    /// The app's user as `type`, or `nil` (no mapping, no token, or another type).
    public static func user<User>(as type: User.Type) -> User? { user as? User }
}
