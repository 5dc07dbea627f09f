// The Hummingbird example of the README, verbatim (kept compiling and tested by ReadmeSnippetTests).

// --- README snippet begins ---
import CognitoJWT
import CognitoJWTHummingbird
import Hummingbird

typealias AppContext = BasicCognitoRequestContext<CognitoIdentity>

func buildApplication(verifier: CognitoVerifier) -> some ApplicationProtocol {
    let router = Router(context: AppContext.self)
    router.add(middleware: CognitoAuthenticator(verifier: verifier))  // reads "Authorization: Bearer …"

    router.get("health") { _, _ in "ok" }  // public: no token needed

    let api = router.group("api").add(middleware: CognitoGuardMiddleware())  // any valid token, else 401
    api.get("me") { _, context in
        let caller = try context.requireIdentity()
        return caller.isClient ? "client \(caller.id)" : "hello \(caller.username ?? caller.id)"
    }
    router.group("admin")
        .add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin"]))  // 403 without the group
        .get { _, _ in "admin area" }
    router.group("orders")
        .add(middleware: CognitoGuardMiddleware(allOfScopes: ["orders/read"]))  // 403 insufficient_scope
        .get { _, _ in "your orders" }

    var app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
    app.addServices(JWKSRefreshService(verifier: verifier))  // refetches the pool's keys every 15 minutes
    return app
}

func runApplication() async throws {
    // COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_AUDIENCE (app client ids), COGNITO_TOKEN_USE
    let verifier = try CognitoVerifier(configuration: .fromEnvironment())
    try await verifier.hydrate()  // fetch the JWKS before the first request
    try await buildApplication(verifier: verifier).runService()  // stops cleanly on SIGINT/SIGTERM
}
// --- README snippet ends ---
