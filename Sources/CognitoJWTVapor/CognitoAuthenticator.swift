import CognitoJWT
import Vapor

/// Reads the `Authorization: Bearer …` header, verifies the Cognito token and logs the caller in as `User`.
///
/// The authenticator never answers a request itself (Vapor's authenticator convention): without a bearer
/// header the request goes on unauthenticated, so other authenticators and public routes keep working; a
/// rejected token is recorded in ``Vapor/Request/Cognito/failure`` and answered by a ``CognitoGuardMiddleware``
/// on protected routes. Only the user-mapping hook's own errors are thrown.
///
/// ```swift
/// let api = app.grouped(CognitoAuthenticator<User>())
/// let protected = api.grouped(app.cognito.guard())
/// ```
public struct CognitoAuthenticator<User: Authenticatable>: AsyncMiddleware {
    /// The hook that turns verified claims into the app's user (`nil`: no such user, a 401).
    public typealias UserMapping = @Sendable (CognitoClaims, Request) async throws -> User?

    private let verifier: CognitoVerifier?
    private let mapUser: UserMapping

    /// An authenticator that maps verified claims to `User` with `user`.
    ///
    /// - Parameters:
    ///   - verifier: the verifier (default: `app.cognito.verifier`, looked up per request).
    ///   - user: finds or creates the app's user for the claims; `nil` answers 401 `unknown_user` on protected
    ///     routes; an error it throws is the request's error (Vapor's `ErrorMiddleware` answers it).
    public init(verifier: CognitoVerifier? = nil, user: @escaping UserMapping) {
        self.verifier = verifier
        self.mapUser = user
    }

    /// An authenticator for a `User` that knows how to find itself (``CognitoUserMapping``), or for
    /// `CognitoIdentity`.
    ///
    /// - Parameter verifier: the verifier (default: `app.cognito.verifier`, looked up per request).
    public init(verifier: CognitoVerifier? = nil) where User: CognitoUserMapping {
        self.init(verifier: verifier, user: { claims, request in try await User.user(for: claims, on: request) })
    }

    /// Authenticates `request`, then passes it on.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await authenticate(request)
        return try await next.respond(to: request)
    }

    /// Runs the core's bearer-authentication step on the request and logs the user in or records the failure.
    /// With tracing set up, the request's `serviceContext` (Vapor's `TracingMiddleware` span) is the parent of
    /// the `cognito.verify` span.
    public func authenticate(_ request: Request) async throws {
        guard let verifier = verifier ?? request.application.cognito.verifier else {
            if BearerToken(authorizationValues: request.headers[.authorization]) == .absent { return }
            request.logger.error("CognitoAuthenticator: no verifier; call app.cognito.configure(...) at start-up")
            throw Abort(.internalServerError, reason: "Cognito authentication is not configured.")
        }
        let outcome = try await verifier.withRequestServiceContext({ request.serviceContext }) {
            try await verifier.authenticate(authorization: request.headers[.authorization]) { claims in
                try await mapUser(claims, request)
            }
        }
        request.cognito.record(outcome)
    }
}
