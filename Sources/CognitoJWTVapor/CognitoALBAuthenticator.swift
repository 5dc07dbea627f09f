import CognitoJWT
import Vapor

/// For a service behind an Application Load Balancer with an `authenticate-cognito` rule: verifies the load
/// balancer's `x-amzn-oidc-data` token (and, when the `ALBVerifier` has an access-token verifier, the forwarded
/// access token) and logs the caller in as `User`.
///
/// It records what it finds exactly as ``CognitoAuthenticator`` does, so the same user mapping, guards and
/// `req.cognito` apply; group both authenticators to accept either a bearer token or the load balancer's headers:
///
/// ```swift
/// let api = app.grouped(CognitoAuthenticator<CognitoIdentity>(), CognitoALBAuthenticator<CognitoIdentity>(verifier: alb))
/// api.grouped(app.cognito.guard()).get("me") { req in try req.auth.require(CognitoIdentity.self).id }
/// ```
public struct CognitoALBAuthenticator<User: Authenticatable>: AsyncMiddleware {
    /// The hook that turns verified claims into the app's user (`nil`: no such user, a 401).
    public typealias UserMapping = @Sendable (CognitoClaims, Request) async throws -> User?

    private let verifier: ALBVerifier
    private let mapUser: UserMapping

    /// An authenticator that maps verified claims (`ALBVerification.claims`) to `User` with `user`.
    ///
    /// - Parameters:
    ///   - verifier: checks the load balancer's headers.
    ///   - user: finds or creates the app's user; `nil` answers 401 `unknown_user` on protected routes; an error
    ///     it throws is the request's error.
    public init(verifier: ALBVerifier, user: @escaping UserMapping) {
        self.verifier = verifier
        self.mapUser = user
    }

    /// An authenticator for a `User` that knows how to find itself (``CognitoUserMapping``), or for
    /// `CognitoIdentity`.
    public init(verifier: ALBVerifier) where User: CognitoUserMapping {
        self.init(verifier: verifier, user: { claims, request in try await User.user(for: claims, on: request) })
    }

    /// Authenticates `request`, then passes it on.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await authenticate(request)
        return try await next.respond(to: request)
    }

    /// Runs the core's ALB step on the request's `x-amzn-oidc-*` headers and logs the user in or records the
    /// failure.
    public func authenticate(_ request: Request) async throws {
        let headers = ALBHeaders { name in request.headers[name] }
        let outcome = try await verifier.authenticate(headers: headers) { claims in try await mapUser(claims, request) }
        request.cognito.record(outcome)
    }
}
