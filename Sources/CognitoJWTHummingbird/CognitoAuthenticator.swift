import CognitoJWT
import Hummingbird
import HummingbirdAuth

/// hummingbird-auth authenticator for AWS Cognito bearer tokens.
///
/// For each request it reads `Authorization` with the shared `BearerToken` rules:
/// - no header, or another scheme: nothing happens, the request goes on (other authenticators and public
///   routes keep working);
/// - a bearer token: `CognitoVerifier.verify(_:requiring:now:)`, then the user-mapping hook; the
///   result becomes `context.identity` and the claims `context.cognito.claims`;
/// - an unreadable header, a rejected token or an unknown user: the reason is recorded in
///   `context.cognito.failure` and the request goes on unauthenticated. ``CognitoGuardMiddleware`` answers it
///   on protected routes.
///
/// The hook's own errors are not caught: they reach Hummingbird's error handling like any handler error.
public struct CognitoAuthenticator<Context: CognitoRequestContext>: AuthenticatorMiddleware {
    /// The identity this authenticator produces: the context's.
    public typealias Identity = Context.Identity
    /// Maps verified claims to the app's user (the counterpart of django-cognito-jwt's
    /// `get_or_create_for_cognito`); `nil` means "no such user" (a 401 on protected routes).
    public typealias UserMapping = @Sendable (CognitoClaims, Request, Context) async throws -> Context.Identity?

    let verifier: CognitoVerifier
    let mapUser: UserMapping

    /// An authenticator whose identity is the app's own user, returned by `mapUser` for each verified token.
    ///
    /// - Parameters:
    ///   - verifier: checks the tokens.
    ///   - context: the request context type (for type inference only).
    ///   - mapUser: finds or creates the user for verified claims; `nil` for none. Client-credentials tokens
    ///     have no user name (`claims.isClientCredentials`).
    public init(
        verifier: CognitoVerifier, context: Context.Type = Context.self,
        mapUser: @escaping UserMapping
    ) {
        self.verifier = verifier
        self.mapUser = mapUser
    }

    /// An authenticator whose identity is the token's `CognitoIdentity`.
    public init(verifier: CognitoVerifier, context: Context.Type = Context.self)
    where Context.Identity == CognitoIdentity {
        self.init(verifier: verifier, context: context) { claims, _, _ in CognitoIdentity(claims: claims) }
    }

    /// The identity of the request's bearer token, or `nil` (no token, or a refused one).
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

    /// The core's bearer-authentication step, with this authenticator's user mapping.
    func outcome(request: Request, context: Context) async throws -> BearerOutcome<Context.Identity> {
        try await verifier.authenticate(authorization: request.headers[values: .authorization]) { claims in
            try await mapUser(claims, request, context)
        }
    }
}
