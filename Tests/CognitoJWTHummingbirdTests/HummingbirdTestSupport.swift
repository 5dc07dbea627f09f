import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Testing

/// The context of the apps whose identity is the token's `CognitoIdentity`.
typealias IdentityContext = BasicCognitoRequestContext<CognitoIdentity>

/// A fresh local pool (new RSA keys), for tests that rotate keys or serve their own JWKS.
func makeIssuer(pool: String = "us-east-1_HbTests") throws -> LocalCognitoIssuer {
    try LocalCognitoIssuer(region: "us-east-1", userPoolID: pool)
}

/// One local pool shared by the suites that never change its keys (RSA key generation is slow).
let sharedIssuer: Result<LocalCognitoIssuer, any Error> = Result { try makeIssuer() }

/// An identity as JSON, for handlers to echo.
func identityJSON(_ identity: CognitoIdentity) -> String {
    JSONValue.object([
        "id": .string(identity.id),
        "username": identity.username.map(JSONValue.string) ?? .null,
        "isClient": .bool(identity.isClient),
        "groups": .array(identity.groups.map(JSONValue.string)),
        "scopes": .array(identity.scopes.map(JSONValue.string)),
    ]).jsonText
}

/// The app under test: public routes, and protected ones with every kind of requirement.
///
/// - `/public`: open; answers `<identity id or anonymous> <recorded failure or none>`.
/// - `/me`: any valid token; the identity as JSON.
/// - `/admin`: group `admin` (guard). `/orders`: scope `orders/read` (guard).
/// - `/staff`: hummingbird-auth's `RolePolicy("staff")` after a bare guard.
/// - `/reports`: `ScopePolicy("reports/read")` with the Cognito 403.
func identityRouter(verifier: CognitoVerifier, realm: String = "api") -> Router<IdentityContext> {
    let router = Router(context: IdentityContext.self)
    router.add(middleware: CognitoAuthenticator(verifier: verifier))
    router.get("public") { _, context -> String in
        let failure: String
        switch context.cognito.failure {
        case nil: failure = "none"
        case .unreadableHeader: failure = "unreadable_header"
        case .unknownUser: failure = "unknown_user"
        case .rejected(let error): failure = error.code.rawValue
        }
        return "\(context.identity?.id ?? "anonymous") \(failure)"
    }
    router.group("me")
        .add(middleware: CognitoGuardMiddleware(realm: realm))
        .get { _, context in identityJSON(try context.requireIdentity()) }
    router.group("admin")
        .add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin"], realm: realm))
        .get { _, _ in "admin area" }
    router.group("orders")
        .add(middleware: CognitoGuardMiddleware(allOfScopes: ["orders/read"], realm: realm))
        .get { _, _ in "orders" }
    router.group("staff")
        .add(middleware: CognitoGuardMiddleware(realm: realm))
        .add(middleware: AuthorizationPolicyMiddleware(RolePolicy("staff")))
        .get { _, _ in "staff area" }
    router.group("reports")
        .add(middleware: CognitoGuardMiddleware(realm: realm))
        .add(
            middleware: AuthorizationPolicyMiddleware(
                ScopePolicy("reports/read"), deniedError: CognitoHTTPError.insufficientScope(realm: realm))
        )
        .get { _, _ in "reports" }
    return router
}

/// An app around `identityRouter`.
func identityApp(verifier: CognitoVerifier, realm: String = "api") -> some ApplicationProtocol {
    Application(
        router: identityRouter(verifier: verifier, realm: realm),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

/// `Authorization: Bearer <token>`.
func bearer(_ token: String, scheme: String = "Bearer") -> HTTPFields {
    [.authorization: "\(scheme) \(token)"]
}

/// The body as text.
func text(_ response: TestResponse) -> String { String(buffer: response.body) }

/// Expects the exact shared rejection: status, `WWW-Authenticate` (or none), JSON body and content type.
func expectRejection(
    _ response: TestResponse, _ expected: HTTPRejection,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(Int(response.status.code) == expected.status, sourceLocation: sourceLocation)
    #expect(response.headers[.wwwAuthenticate] == expected.wwwAuthenticate, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    #expect(text(response) == expected.body, sourceLocation: sourceLocation)
}

/// A rejection for a token refused with `code`.
func rejection(_ code: CognitoJWTError.Code, realm: String = "api") -> HTTPRejection {
    HTTPRejection(CognitoJWTError(code, ""), realm: realm)
}

/// One header field (`HTTPField`, reached through Hummingbird's re-exported `HTTPFields`).
typealias HeaderField = HTTPFields.Element
