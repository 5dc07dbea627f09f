import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import Testing
import VaporTesting

/// Issuers and verifiers shared by the tests that do not rotate keys (RSA key generation is slow in debug builds).
enum Fixtures {
    /// The user pool most tests talk to.
    static let issuer = try! LocalCognitoIssuer()
    /// A verifier for ``issuer`` with its keys in-process.
    static let verifier = try! issuer.verifier()
    /// Another pool with the same `iss` but different keys: its tokens must fail.
    static let impostor = try! LocalCognitoIssuer()
}

/// Runs `body` with a testing application using `verifier`, booted asynchronously (so the start-up JWKS fetch
/// has happened), and shuts it down afterwards.
@discardableResult
func withCognitoApp<T>(
    verifier: CognitoVerifier,
    configure: @escaping (Application) async throws -> Void = installRoutes,
    _ body: (Application) async throws -> T
) async throws -> T {
    try await withApp(
        configure: { app in
            app.cognito.configure(verifier)
            try await configure(app)
            try await app.asyncBoot()
        }, body)
}

/// The routes most tests use: a public route, a protected one, one per group and scope requirement.
@Sendable func installRoutes(_ app: Application) async throws {
    let api = app.grouped(app.cognito.authenticator())
    api.get("public") { req in req.cognito.identity?.id ?? "anonymous" }
    api.grouped(app.cognito.guard()).get("me") { req in
        let me = try req.auth.require(CognitoIdentity.self)
        return "\(me.id) client=\(me.isClient)"
    }
    api.grouped(app.cognito.guard(anyOfGroups: ["admin", "ops"])).get("admin") { _ in "admin" }
    api.grouped(app.cognito.guard(allOfScopes: ["orders/read"])).get("orders") { _ in "orders" }
}

/// `Authorization: <scheme> <token>`.
func bearer(_ token: String, scheme: String = "Bearer") -> HTTPHeaders {
    HTTPHeaders([("Authorization", "\(scheme) \(token)")])
}

/// The response every invalid token gets on a protected route.
func expectInvalidToken(
    _ res: TestingHTTPResponse, _ code: String, realm: String = "api",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(res.status == .unauthorized, sourceLocation: sourceLocation)
    #expect(
        res.challenge == #"Bearer realm="\#(realm)", error="invalid_token", error_description="\#(code)""#,
        sourceLocation: sourceLocation)
    #expect(res.body.string == #"{"error":"invalid_token","reason":"\#(code)"}"#, sourceLocation: sourceLocation)
    #expect(res.contentType == "application/json", sourceLocation: sourceLocation)
}

/// The response a protected route gives a request without any bearer token.
func expectMissingToken(
    _ res: TestingHTTPResponse, realm: String = "api",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(res.status == .unauthorized, sourceLocation: sourceLocation)
    #expect(res.challenge == #"Bearer realm="\#(realm)""#, sourceLocation: sourceLocation)
    #expect(res.body.string == #"{"error":"invalid_request","reason":"missing_token"}"#, sourceLocation: sourceLocation)
    #expect(res.contentType == "application/json", sourceLocation: sourceLocation)
}

/// The response when the JWKS cannot be had: 503, never 500.
func expectJWKSUnavailable(_ res: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(res.status == .serviceUnavailable, sourceLocation: sourceLocation)
    #expect(res.challenge == nil, sourceLocation: sourceLocation)
    #expect(
        res.body.string == #"{"error":"temporarily_unavailable","reason":"jwks_unavailable"}"#,
        sourceLocation: sourceLocation)
    #expect(res.contentType == "application/json", sourceLocation: sourceLocation)
}

extension TestingHTTPResponse {
    /// The `WWW-Authenticate` value.
    var challenge: String? { headers.first(name: .wwwAuthenticate) }
    /// The `Content-Type` value.
    var contentType: String? { headers.first(name: .contentType) }
}

/// A JWKS URL on 127.0.0.1 where nothing listens (a server was started there and stopped).
func closedPortURL() async throws -> String {
    let server = try await LocalHTTPServer.start { _ in .status(404) }
    try await server.shutdown()
    return server.baseURL + "/.well-known/jwks.json"
}
