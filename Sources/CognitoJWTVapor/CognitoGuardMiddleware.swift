import CognitoJWT
import Vapor

/// Protects routes: lets through only requests that a ``CognitoAuthenticator`` before it authenticated with a
/// valid Cognito token meeting ``requirements``; answers the others itself, with the shared statuses,
/// `WWW-Authenticate` challenges and JSON bodies of `HTTPRejection`:
///
/// - a rejected token or unreadable header: 401 (503 when the JWKS is unavailable);
/// - no bearer token at all: 401 with a bare `Bearer realm` challenge;
/// - a token in none of the required groups: 403; lacking a required scope: 403 `insufficient_scope`;
/// - a token whose sign-in does not meet the step-up requirements (`acr`, `amr`, `auth_time`): 401
///   `insufficient_user_authentication` with RFC 9470's `acr_values` and `max_age`.
///
/// ```swift
/// let admins = app.grouped(app.cognito.authenticator())
///                 .grouped(CognitoGuardMiddleware(requiring: .init(anyOfGroups: ["admin"])))
/// ```
public struct CognitoGuardMiddleware: AsyncMiddleware {
    /// Groups, scopes and step-up authentication the token must have.
    public let requirements: CognitoRequirements
    /// The realm of the challenges; `nil`: `app.cognito.realm`.
    public let realm: String?

    /// A guard with `requirements` (default: any valid token).
    public init(requiring requirements: CognitoRequirements = .none, realm: String? = nil) {
        self.requirements = requirements
        self.realm = realm
    }

    /// A guard requiring one of `anyOfGroups` and all of `allOfScopes`.
    public init(anyOfGroups: [String] = [], allOfScopes: [String] = [], realm: String? = nil) {
        self.init(requiring: CognitoRequirements(anyOfGroups: anyOfGroups, allOfScopes: allOfScopes), realm: realm)
    }

    /// Answers the request, or passes it on when it is authorized.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let rejection = rejection(for: request) { return Response(rejection: rejection) }
        return try await next.respond(to: request)
    }

    /// The core's guard decision for `request`: the answer to give instead of the route, `nil` when it may pass.
    public func rejection(for request: Request) -> HTTPRejection? {
        let guardian = CognitoGuard(requiring: requirements, realm: realm ?? request.application.cognito.realm)
        if case .reject(let rejection) = guardian.decide(
            claims: request.cognito.claims, failure: request.cognito.failure)
        {
            return rejection
        }
        return nil
    }
}
