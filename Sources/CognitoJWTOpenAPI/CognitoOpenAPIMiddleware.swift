import CognitoJWT
import HTTPTypes
import OpenAPIRuntime

/// A swift-openapi-runtime `ServerMiddleware` that authenticates each request's `Authorization: Bearer` token
/// and enforces its operation's ``CognitoOperationSecurity``, before the generated handler runs.
///
/// It runs the core's bearer step and guard decision, so the answers are the adapters': 401 with
/// `WWW-Authenticate: Bearer …` for a missing or refused token, 403 `insufficient_scope` for missing groups or
/// scopes, 503 when the JWKS cannot be had, each with a JSON body. An error of the user mapping that is a
/// `CognitoHTTPAnswerError` (the user store's) is answered with its status and body; other errors are the app's
/// and are rethrown. Handlers read the caller through ``CognitoOpenAPI/identity`` and ``CognitoOpenAPI/user``.
///
/// ```swift
/// let security = try CognitoOpenAPISecurity(document: openAPIYAML)
/// try handler.registerHandlers(
///     on: router, middlewares: [CognitoOpenAPIMiddleware(verifier: verifier, security: security)])
/// ```
public struct CognitoOpenAPIMiddleware: ServerMiddleware {
    /// Maps verified claims to the app's user; `nil` means "no such user" (401 `unknown_user`).
    public typealias UserMapping = @Sendable (CognitoClaims) async throws -> (any Sendable)?

    /// Checks the tokens.
    public let verifier: CognitoVerifier
    /// Each operation's security.
    public let security: CognitoOpenAPISecurity
    /// The `realm` of the `WWW-Authenticate` challenges.
    public let realm: String
    let mapUser: UserMapping?

    /// A middleware whose handlers see the token's identity.
    ///
    /// - Parameters:
    ///   - verifier: checks the tokens.
    ///   - security: each operation's security, from the OpenAPI document or a table.
    ///   - realm: the `WWW-Authenticate` realm (default `api`).
    public init(
        verifier: CognitoVerifier, security: CognitoOpenAPISecurity, realm: String = HTTPRejection.defaultRealm
    ) {
        self.verifier = verifier
        self.security = security
        self.realm = realm
        self.mapUser = nil
    }

    /// A middleware whose handlers also see the app's own user (``CognitoOpenAPI/user(as:)``), returned by
    /// `mapUser` for each verified token (for example `CognitoUserStore`'s lookup).
    public init<User: Sendable>(
        verifier: CognitoVerifier, security: CognitoOpenAPISecurity, realm: String = HTTPRejection.defaultRealm,
        mapUser: @escaping @Sendable (CognitoClaims) async throws -> User?
    ) {
        self.verifier = verifier
        self.security = security
        self.realm = realm
        self.mapUser = { claims in try await mapUser(claims) }
    }

    /// Authenticates, decides, and calls `next` with the caller in the task locals, or answers the refusal.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let outcome: BearerOutcome<any Sendable>
        do {
            outcome = try await verifier.authenticate(authorization: request.headerFields[values: .authorization]) {
                claims -> (any Sendable)? in
                guard let mapUser else { return CognitoIdentity(claims: claims) }
                return try await mapUser(claims)
            }
        } catch let error as any CognitoHTTPAnswerError {
            return Self.answer(status: error.httpStatus, body: error.jsonBody, challenge: nil)
        }
        var claims: CognitoClaims?
        var user: (any Sendable)?
        var failure: BearerAuthFailure?
        switch outcome {
        case .none: break
        case .failed(let reason): failure = reason
        case .authenticated(let mapped, let verified): (user, claims) = (mapped, verified)
        }
        switch security.security(of: operationID) {
        case .public:
            break
        case .anyOf(let alternatives):
            if let rejection = Self.rejection(alternatives, claims: claims, failure: failure, realm: realm) {
                return Self.answer(status: rejection.status, body: rejection.body, challenge: rejection.wwwAuthenticate)
            }
        }
        let identity = claims.map(CognitoIdentity.init(claims:))
        return try await CognitoOpenAPI.$identity.withValue(identity) {
            try await CognitoOpenAPI.$user.withValue(user) {
                try await next(request, body, metadata)
            }
        }
    }

    /// The first alternative's rejection when none passes; `nil` when one does.
    static func rejection(
        _ alternatives: [CognitoRequirements], claims: CognitoClaims?, failure: BearerAuthFailure?, realm: String
    ) -> HTTPRejection? {
        var first: HTTPRejection?
        for requirements in alternatives.isEmpty ? [.none] : alternatives {
            switch CognitoGuard(requiring: requirements, realm: realm).decide(claims: claims, failure: failure) {
            case .pass: return nil
            case .reject(let rejection): first = first ?? rejection
            }
        }
        return first
    }

    /// A JSON answer with an optional `WWW-Authenticate` challenge.
    static func answer(status: Int, body: String, challenge: String?) -> (HTTPResponse, HTTPBody?) {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let challenge { fields[.wwwAuthenticate] = challenge }
        return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(body))
    }
}
