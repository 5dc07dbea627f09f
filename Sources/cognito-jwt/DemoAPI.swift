import CognitoJWT
import CognitoJWTHummingbird
import Hummingbird
import Synchronization

/// The app's own user in the demo API, as the user-mapping hook returns it.
struct DemoUser: Sendable {
    /// The Cognito `sub` (for an app client, its client id).
    let id: String
    /// The Cognito user name; `nil` for an app client.
    let username: String?
    /// `cognito:groups`.
    let groups: [String]
    /// Whether the caller is an app client (client-credentials token).
    let isClient: Bool

    /// The user as JSON.
    var json: JSONValue {
        .object([
            "id": .string(id),
            "username": username.map(JSONValue.string) ?? .null,
            "groups": .array(groups.map(JSONValue.string)),
            "isClient": .bool(isClient),
        ])
    }
}

/// The demo's "user table": get-or-create by `sub`, like django-cognito-jwt's `get_or_create_for_cognito`.
final class DemoUserDirectory: Sendable {
    private let users = Mutex<[String: DemoUser]>([:])

    /// The user for verified claims, created on first sight and refreshed from the token afterwards.
    func user(for claims: CognitoClaims) -> DemoUser? {
        guard let id = claims.subject ?? claims.clientID else { return nil }
        let user = DemoUser(
            id: id, username: claims.username, groups: claims.groups, isClient: claims.isClientCredentials)
        users.withLock { $0[id] = user }
        return user
    }

    /// How many distinct users were seen.
    var count: Int { users.withLock { $0.count } }
}

/// The request context of the demo API.
typealias DemoContext = BasicCognitoRequestContext<DemoUser>

/// The protected API shared by `cognito-jwt demo` and `cognito-jwt serve`:
/// - `GET /health`: open;
/// - `GET /me`: any valid token; the mapped user and the verified claims;
/// - `GET /admin`: group `admin`;
/// - `GET /orders`: an access token with scope `orders/read`.
enum DemoAPI {
    /// The group `/admin` requires.
    static let adminGroup = "admin"
    /// The scope `/orders` requires.
    static let ordersScope = "orders/read"

    /// A router with the API's routes, authenticating with `verifier`.
    static func router(verifier: CognitoVerifier, users: DemoUserDirectory = DemoUserDirectory()) -> Router<DemoContext>
    {
        let router = Router(context: DemoContext.self)
        router.add(
            middleware: CognitoAuthenticator(verifier: verifier) { claims, _, _ in
                users.user(for: claims)
            })
        router.get("health") { _, _ in json(["status": "ok"]) }
        router.group("me")
            .add(middleware: CognitoGuardMiddleware())
            .get { _, context in
                let user = try context.requireIdentity()
                return json(["user": user.json, "claims": .object(context.cognito.claims?.raw ?? [:])])
            }
        router.group("admin")
            .add(middleware: CognitoGuardMiddleware(anyOfGroups: [adminGroup]))
            .get { _, context in
                let user = try context.requireIdentity()
                return json(["message": .string("welcome to the admin area, \(user.username ?? user.id)")])
            }
        router.group("orders")
            .add(middleware: CognitoGuardMiddleware(allOfScopes: [ordersScope]))
            .get { _, context in
                let user = try context.requireIdentity()
                return json([
                    "owner": .string(user.username ?? user.id),
                    "orders": [
                        .object(["id": 1001, "item": "coffee beans"]), .object(["id": 1002, "item": "grinder"]),
                    ],
                ])
            }
        return router
    }

    /// A JSON response (indented, for people reading `curl` output).
    static func json(_ object: JSONObject, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object(object).prettyJSONText + "\n")))
    }
}
