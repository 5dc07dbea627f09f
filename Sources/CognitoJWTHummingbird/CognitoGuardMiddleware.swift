import CognitoJWT
import Hummingbird

/// Protects routes: lets a request through only with a verified Cognito token that meets the route's
/// requirements. Place it after a ``CognitoAuthenticator``.
///
/// In order:
/// 1. a failure the authenticator recorded → its `HTTPRejection` (401, or 503 when the JWKS is
///    unavailable);
/// 2. no verified token → 401 with a bare `Bearer realm` challenge;
/// 3. the route's groups and scopes, checked by `CognitoRequirements.check(_:)` → 403.
///
/// ```swift
/// router.group("admin").add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin"]))
/// router.group("orders").add(middleware: CognitoGuardMiddleware(allOfScopes: ["orders/read"]))
/// ```
public struct CognitoGuardMiddleware<Context: CognitoRequestContext>: RouterMiddleware {
    /// The groups and scopes this route requires.
    public let requirements: CognitoRequirements
    /// The realm of the `WWW-Authenticate` challenges.
    public let realm: String

    /// A guard with requirements.
    ///
    /// - Parameters:
    ///   - requirements: groups and scopes required beyond a valid token.
    ///   - realm: the `WWW-Authenticate` realm (default `api`).
    ///   - context: the request context type (for type inference only).
    public init(_ requirements: CognitoRequirements = .none, realm: String = "api",
                context: Context.Type = Context.self) {
        self.requirements = requirements
        self.realm = realm
    }

    /// A guard requiring any of `anyOfGroups` (when not empty) and all of `allOfScopes`.
    public init(anyOfGroups: [String] = [], allOfScopes: [String] = [], realm: String = "api",
                context: Context.Type = Context.self) {
        self.init(CognitoRequirements(anyOfGroups: anyOfGroups, allOfScopes: allOfScopes), realm: realm)
    }

    /// Answers refused requests with a ``CognitoHTTPError``; calls `next` otherwise.
    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        if let failure = context.cognito.failure {
            throw CognitoHTTPError(failure.rejection(realm: realm))
        }
        guard let claims = context.cognito.claims else {
            throw CognitoHTTPError(.missingToken(realm: realm))
        }
        do {
            try requirements.check(claims)
        } catch {
            throw CognitoHTTPError(HTTPRejection(error, realm: realm))
        }
        return try await next(request, context)
    }
}
