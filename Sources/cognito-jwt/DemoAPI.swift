import CognitoJWT
import CognitoJWTFluent
import CognitoJWTHummingbird
import FluentKit
import Hummingbird
import Prometheus

/// The caller of a demo API request: the stored user, or an app client.
typealias DemoCaller = CognitoCaller<CognitoUser>

/// The request context of the demo API.
typealias DemoContext = BasicCognitoRequestContext<DemoCaller>

/// The protected API shared by `cognito-jwt demo` and `cognito-jwt serve`:
/// - `GET /health`: open;
/// - `GET /me`: any valid token; the stored user (or the app client) and the verified claims;
/// - `GET /admin`: group `admin`;
/// - `GET /orders`: an access token with scope `orders/read`;
/// - `GET /metrics`: open, the Prometheus text format (when given a registry).
///
/// A user's token becomes a row of the user store on first sight (get-or-create), refreshed when its
/// attributes change.
enum DemoAPI {
    /// The group `/admin` requires.
    static let adminGroup = "admin"
    /// The scope `/orders` requires.
    static let ordersScope = "orders/read"

    /// A router with the API's routes, authenticating with `verifier` and keeping users in `databases`;
    /// requests for a `Host` that `hosts` does not name get 421 (``HostCheck``); `metrics` is served at `/metrics`;
    /// `realm` is named in the `WWW-Authenticate` challenges.
    static func router(
        verifier: CognitoVerifier, store: CognitoUserStore<CognitoUserTable>,
        databases: Databases, hosts: AllowedHosts = .loopback, metrics: PrometheusCollectorRegistry? = nil,
        realm: String = HTTPRejection.defaultRealm
    ) -> Router<DemoContext> {
        let router = Router(context: DemoContext.self)
        router.add(middleware: HostCheck(hosts))
        if let metrics { MetricsEndpoint.add(to: router, registry: metrics) }
        router.add(
            middleware: CognitoAuthenticator(verifier: verifier) { claims, request, context in
                try await store.caller(for: claims, request: request, in: databases, logger: context.logger)
            })
        router.get("health") { _, _ in json(["status": "ok"]) }
        router.group("me")
            .add(middleware: CognitoGuardMiddleware(realm: realm))
            .get { _, context in
                let caller = try context.requireIdentity()
                let claims = JSONValue.object(context.cognito.claims?.raw ?? [:])
                switch caller {
                case .user(let user):
                    return json(["user": .object(user.jsonObject), "claims": claims])
                case .client(let client):
                    return json([
                        "client": .object([
                            "id": .string(client.id), "scopes": .array(client.scopes.map(JSONValue.string)),
                        ]),
                        "claims": claims,
                    ])
                }
            }
        router.group("admin")
            .add(middleware: CognitoGuardMiddleware(anyOfGroups: [adminGroup], realm: realm))
            .get { _, context in
                let caller = try context.requireIdentity()
                return json(["message": .string("welcome to the admin area, \(name(of: caller))")])
            }
        router.group("orders")
            .add(middleware: CognitoGuardMiddleware(allOfScopes: [ordersScope], realm: realm))
            .get { _, context in
                let caller = try context.requireIdentity()
                return json([
                    "owner": .string(name(of: caller)),
                    "orders": [
                        .object(["id": 1001, "item": "coffee beans"]), .object(["id": 1002, "item": "grinder"]),
                    ],
                ])
            }
        return router
    }

    /// The user name, else the `sub`; the client id for an app client.
    static func name(of caller: DemoCaller) -> String {
        switch caller {
        case .user(let user): return user.username ?? user.subject
        case .client(let client): return client.id
        }
    }

    /// A JSON response (indented, for people reading `curl` output).
    static func json(_ object: JSONObject, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object(object).prettyJSONText + "\n")))
    }
}
