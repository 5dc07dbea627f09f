// The Hummingbird example of the README, verbatim (kept compiling and tested by ReadmeSnippetTests).

// --- README snippet begins ---
import CognitoJWT
import CognitoJWTFluent
import CognitoJWTHummingbird
import FluentKit
import FluentSQLiteDriver
import Hummingbird
import Logging
import NIOPosix

/// Who called: the stored user (a `CognitoUser` row, created on its first request) or an app client.
typealias AppContext = BasicCognitoRequestContext<CognitoCaller<CognitoUser>>

func buildApplication(verifier: CognitoVerifier, databases: Databases) -> some ApplicationProtocol {
    let users = CognitoUserStore()  // get-or-create by (pool, sub), attributes refreshed, warm users cached
    let router = Router(context: AppContext.self)
    router.add(
        middleware: CognitoAuthenticator(verifier: verifier) { claims, request, context in  // "Authorization: Bearer …"
            do {
                return try await users.caller(for: claims, request: request, in: databases, logger: context.logger)
            } catch let error as CognitoUserStoreError {
                // 400 for claims that cannot be stored, 503 while the database is down.
                throw HTTPError(.init(code: error.httpStatus), message: error.reason)
            }
        })

    router.get("health") { _, _ in "ok" }  // public: no token needed

    let api = router.group("api").add(middleware: CognitoGuardMiddleware())  // any valid token, else 401
    api.get("me") { _, context in
        switch try context.requireIdentity() {
        case .user(let user): return "hello \(user.username ?? user.subject), member since \(user.firstSeen)"
        case .client(let client): return "client \(client.id)"  // machine-to-machine: no row
        }
    }
    router.group("admin")
        .add(middleware: CognitoGuardMiddleware(anyOfGroups: ["admin"]))  // 403 without the group
        .get { _, _ in "admin area" }
    router.group("orders")
        .add(middleware: CognitoGuardMiddleware(allOfScopes: ["orders/read"]))  // 403 insufficient_scope
        .get { _, _ in "your orders" }

    var app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
    app.addServices(JWKSRefreshService(verifier: verifier), databases)  // refetches the keys; closes the database
    return app
}

func runApplication() async throws {
    // COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_AUDIENCE (app client ids), COGNITO_TOKEN_USE
    let verifier = try CognitoVerifier(configuration: .fromEnvironment())
    try await verifier.hydrate()  // fetch the JWKS before the first request
    let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
    databases.use(.sqlite(.file("users.sqlite")), as: .sqlite)  // or .postgres(url:) (FluentPostgresDriver)
    try await CognitoUserMigrations.run(on: databases, logger: Logger(label: "migrations"))
    try await buildApplication(verifier: verifier, databases: databases).runService()  // stops on SIGINT/SIGTERM
}
// --- README snippet ends ---
