// The Vapor example of the README, verbatim from `import` to the end of `routes`; ReadmeSnippetTests runs it.
import CognitoJWTVapor
import Vapor

/// The app's own user, found (or created) for a verified token: django-cognito-jwt's `get_or_create_for_cognito`.
struct User: Content, Authenticatable, CognitoUserMapping {
    var id: String
    var email: String?

    static func user(for claims: CognitoClaims, on req: Request) async throws -> User? {
        guard !claims.isClientCredentials, let sub = claims.subject else { return nil }
        return User(id: sub, email: claims.email)  // e.g. look the user up (or create it) with Fluent: req.db
    }
}

func configure(_ app: Application) async throws {
    // COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_AUDIENCE (optional: COGNITO_TOKEN_USE, COGNITO_LEEWAY_SECONDS)
    try app.cognito.configure(.fromEnvironment())
    try routes(app)
}

func routes(_ app: Application) throws {
    // Reads `Authorization: Bearer …`; never rejects by itself, so public routes keep working.
    let api = app.grouped(app.cognito.authenticator(User.self))
    api.get("hello") { req in "Hello, \(req.auth.get(User.self)?.email ?? "stranger")!" }

    // 401 without a valid token (503 while Cognito's keys cannot be fetched).
    let signedIn = api.grouped(app.cognito.guard())
    signedIn.get("me") { req in try req.auth.require(User.self) }

    // 403 unless the user is in one of the groups.
    let admins = api.grouped(app.cognito.guard(anyOfGroups: ["admin"]))
    admins.delete("users", ":id") { req in HTTPStatus.noContent }

    // Machine-to-machine (client-credentials) callers: verified claims, no user.
    let machines = app.grouped(app.cognito.authenticator(), app.cognito.guard(allOfScopes: ["reports/read"]))
    machines.get("reports") { req in try req.cognito.require().clientID ?? "" }
}
