// The Vapor example of the README, verbatim from `import` to the end of `routes`; ReadmeSnippetTests runs it.
import CognitoJWTFluent
import CognitoJWTVapor
import Fluent
import FluentSQLiteDriver
import Vapor

/// Who called: the stored user (a `CognitoUser` row, created on its first request) or an app client.
typealias Caller = CognitoCaller<CognitoUser>
extension CognitoCaller: Authenticatable {}

/// The token becomes the app's user: get-or-create by (pool, sub), attributes refreshed, warm users cached.
let users = CognitoUserStore()

func configure(_ app: Application) async throws {
    // COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_AUDIENCE (optional: COGNITO_TOKEN_USE, COGNITO_LEEWAY_SECONDS)
    try app.cognito.configure(.fromEnvironment())
    app.databases.use(.sqlite(.file("users.sqlite")), as: .sqlite)  // or .postgres(url:) (FluentPostgresDriver)
    app.migrations.add(CognitoUserMigrations.all)
    try await app.autoMigrate()
    try routes(app)
}

/// What `/me` answers.
struct Me: Content {
    var id: UUID?
    var sub: String
    var email: String?
    var groups: [String]
}

func routes(_ app: Application) throws {
    // Reads `Authorization: Bearer …`; never rejects by itself, so public routes keep working.
    let api = app.grouped(
        app.cognito.authenticator(user: { claims, req in
            do {
                return try await users.caller(for: claims, request: req, on: req.db)  // req.db only on a cache miss
            } catch let error as CognitoUserStoreError {
                // 400 for claims that cannot be stored, 503 while the database is down.
                throw Abort(.init(statusCode: error.httpStatus), reason: error.reason)
            }
        }))
    api.get("hello") { req in "Hello, \(req.auth.get(Caller.self)?.user?.email ?? "stranger")!" }

    // 401 without a valid token (503 while Cognito's keys cannot be fetched).
    let signedIn = api.grouped(app.cognito.guard())
    signedIn.get("me") { req in
        guard let user = try req.auth.require(Caller.self).user else { throw Abort(.forbidden, reason: "no user") }
        return Me(id: user.id, sub: user.subject, email: user.email, groups: user.groups)
    }

    // 403 unless the user is in one of the groups.
    let admins = api.grouped(app.cognito.guard(anyOfGroups: ["admin"]))
    admins.delete("users", ":id") { req in HTTPStatus.noContent }

    // Machine-to-machine (client-credentials) callers: a client identity, no row.
    let machines = api.grouped(app.cognito.guard(allOfScopes: ["reports/read"]))
    machines.get("reports") { req in try req.auth.require(Caller.self).client?.id ?? "" }
}
