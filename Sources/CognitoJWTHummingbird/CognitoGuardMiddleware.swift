import CognitoJWT
import Hummingbird

/// Protects routes: lets a request through only with a verified Cognito token that meets the route's
/// requirements. Place it after a ``CognitoAuthenticator``.
///
/// It answers with the core's `CognitoGuard` decision: a failure the authenticator recorded → its
/// `HTTPRejection` (401, or 503 when the JWKS is unavailable); no verified token → 401 with a bare
/// `Bearer realm` challenge; the route's groups and scopes not met → 403; its step-up requirements (`acr`, `amr`,
/// `auth_time`) not met → 401 `insufficient_user_authentication` with RFC 9470's `acr_values` and `max_age`.
///
/// ```swift
/// router.group("admin").add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin"]))
/// router.group("orders").add(middleware: CognitoGuardMiddleware(allOfScopes: ["orders/read"]))
/// ```
public struct CognitoGuardMiddleware<Context: CognitoRequestContext>: RouterMiddleware {
    /// The core's guard decision, with this route's requirements and realm.
    public let decision: CognitoGuard

    /// The groups, scopes and step-up authentication this route requires.
    public var requirements: CognitoRequirements { decision.requirements }
    /// The realm of the `WWW-Authenticate` challenges.
    public var realm: String { decision.realm }

    /// A guard with requirements.
    ///
    /// - Parameters:
    ///   - requirements: groups, scopes and step-up authentication required beyond a valid token.
    ///   - realm: the `WWW-Authenticate` realm (default `HTTPRejection.defaultRealm`, `api`).
    ///   - context: the request context type (for type inference only).
    public init(
        _ requirements: CognitoRequirements = .none, realm: String = HTTPRejection.defaultRealm,
        context: Context.Type = Context.self
    ) {
        self.decision = CognitoGuard(requiring: requirements, realm: realm)
    }

    /// A guard requiring any of `anyOfGroups` (when not empty), all of `allOfScopes`, an `acr` among `anyOfACR`,
    /// an `amr` with all of `allOfAMR`, and an `auth_time` at most `maxAge` ago.
    public init(
        anyOfGroups: [String] = [], allOfScopes: [String] = [], anyOfACR: [String] = [], allOfAMR: [String] = [],
        maxAge: Duration? = nil, realm: String = HTTPRejection.defaultRealm, context: Context.Type = Context.self
    ) {
        self.init(
            CognitoRequirements(
                anyOfGroups: anyOfGroups, allOfScopes: allOfScopes, anyOfACR: anyOfACR, allOfAMR: allOfAMR,
                maxAge: maxAge),
            realm: realm)
    }

    /// Answers refused requests with a ``CognitoHTTPError``; calls `next` otherwise.
    public func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if case .reject(let rejection) = decision.decide(
            claims: context.cognito.claims, failure: context.cognito.failure)
        {
            throw CognitoHTTPError(rejection)
        }
        return try await next(request, context)
    }
}
