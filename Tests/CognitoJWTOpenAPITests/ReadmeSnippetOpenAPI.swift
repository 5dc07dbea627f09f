// The OpenAPI example of the README, verbatim (kept compiling and tested by OpenAPIReadmeSnippetTests).

// --- README snippet begins ---
import CognitoJWT
import CognitoJWTOpenAPI
import Hummingbird
import OpenAPIHummingbird

/// The handlers swift-openapi-generator's `APIProtocol` asks for (generated from openapi.yaml). They read the
/// caller from task locals the middleware sets; the document decides who may call each operation.
struct OrdersAPI: APIProtocol {
    func caller() -> Components.Schemas.Caller {
        .init(sub: CognitoOpenAPI.identity?.id ?? "anonymous", user: CognitoOpenAPI.user(as: String.self))
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(caller())))  // security: [] (public)
    }
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(caller())))  // the global bearer requirement
    }
    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        .ok(.init(body: .json(caller())))  // oauth: [orders/read]
    }
    func getReports(_ input: Operations.GetReports.Input) async throws -> Operations.GetReports.Output {
        .ok(.init(body: .json(caller())))  // reports/read OR admin/all
    }
    func getAudit(_ input: Operations.GetAudit.Input) async throws -> Operations.GetAudit.Output {
        .ok(.init(body: .json(caller())))  // audit/read AND a bearer token
    }
    func getAdmin(_ input: Operations.GetAdmin.Input) async throws -> Operations.GetAdmin.Output {
        .ok(.init(body: .json(caller())))  // x-cognito-groups: [admin]
    }
}

func buildOpenAPIApplication(
    verifier: CognitoVerifier, openAPIDocument: String, port: Int = 8080
) throws -> some ApplicationProtocol {
    // Read once at start-up: an unknown operation, an apiKey scheme or a scope Cognito never issues throws here.
    let security = try CognitoOpenAPISecurity(document: openAPIDocument)
    let middleware = CognitoOpenAPIMiddleware(verifier: verifier, security: security) { claims in
        claims.username.map { "user:\($0)" }  // the app's user; nil is 401 unknown_user
    }
    let router = Router()
    try OrdersAPI().registerHandlers(on: router, middlewares: [middleware])  // 401 / 403 / 503 as the adapters
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
}
// --- README snippet ends ---
