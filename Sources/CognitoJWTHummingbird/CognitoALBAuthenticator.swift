import CognitoJWT
import Hummingbird
import HummingbirdAuth

/// hummingbird-auth authenticator for a service behind an Application Load Balancer with an
/// `authenticate-cognito` rule: it verifies the load balancer's `x-amzn-oidc-data` token (and, when the
/// `ALBVerifier` has an access-token verifier, the forwarded access token) instead of an `Authorization` header.
///
/// It records what it finds exactly as ``CognitoAuthenticator`` does (`context.identity`, `context.cognito`), so
/// the same user mapping and ``CognitoGuardMiddleware`` apply; put both authenticators in front of a route to
/// accept either a bearer token or the load balancer's headers:
///
/// ```swift
/// router.add(middleware: CognitoAuthenticator(verifier: verifier))
/// router.add(middleware: CognitoALBAuthenticator(verifier: albVerifier))
/// router.group("me").add(middleware: CognitoGuardMiddleware()).get { _, context in … }
/// ```
public struct CognitoALBAuthenticator<Context: CognitoRequestContext>: AuthenticatorMiddleware {
    /// The identity this authenticator produces: the context's.
    public typealias Identity = Context.Identity
    /// Maps verified claims to the app's user; `nil` means "no such user" (a 401 on protected routes).
    public typealias UserMapping = @Sendable (CognitoClaims, Request, Context) async throws -> Context.Identity?

    let verifier: ALBVerifier
    let mapUser: UserMapping

    /// An authenticator whose identity is the app's own user, returned by `mapUser` for each verified request.
    ///
    /// - Parameters:
    ///   - verifier: checks the load balancer's headers.
    ///   - context: the request context type (for type inference only).
    ///   - mapUser: finds or creates the user for verified claims (`ALBVerification.claims`); `nil` for none.
    public init(verifier: ALBVerifier, context: Context.Type = Context.self, mapUser: @escaping UserMapping) {
        self.verifier = verifier
        self.mapUser = mapUser
    }

    /// An authenticator whose identity is the verified claims' `CognitoIdentity`.
    public init(verifier: ALBVerifier, context: Context.Type = Context.self)
    where Context.Identity == CognitoIdentity {
        self.init(verifier: verifier, context: context) { claims, _, _ in CognitoIdentity(claims: claims) }
    }

    /// The identity of the request's load balancer headers, or `nil` (none, or refused).
    public func authenticate(request: Request, context: Context) async throws -> Context.Identity? {
        if case .authenticated(let identity, _) = try await outcome(request: request, context: context) {
            return identity
        }
        return nil
    }

    /// Authenticates the request, records the outcome in `context.cognito`, and calls `next`.
    public func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.record(try await outcome(request: request, context: context))
        return try await next(request, context)
    }

    /// The core's ALB step on the request's `x-amzn-oidc-*` headers, with this authenticator's user mapping.
    func outcome(request: Request, context: Context) async throws -> BearerOutcome<Context.Identity> {
        let headers = ALBHeaders { name in request.headers.filter { $0.name.canonicalName == name }.map(\.value) }
        return try await verifier.authenticate(headers: headers) { claims in
            try await mapUser(claims, request, context)
        }
    }
}
