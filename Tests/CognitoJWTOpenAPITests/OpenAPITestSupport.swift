import CognitoJWT
import CognitoJWTOpenAPI
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAPIHummingbird
import OpenAPIRuntime

/// The OpenAPI document the server in `Generated/` was generated from.
let ordersDocument: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("openapi.yaml")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}()

/// One local pool shared by the suites (RSA key generation is slow).
let sharedIssuer: Result<LocalCognitoIssuer, any Error> = Result {
    try LocalCognitoIssuer(region: "us-east-1", userPoolID: "us-east-1_OpenAPI")
}

/// The generated server on Hummingbird, on 127.0.0.1, behind `middleware`.
func ordersApp(_ middleware: CognitoOpenAPIMiddleware) throws -> some ApplicationProtocol {
    let router = Router()
    try OrdersAPI().registerHandlers(on: router, middlewares: [middleware])
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

/// The body of a response as text.
func text(_ response: TestResponse) -> String {
    String(buffer: response.body)
}

/// An `Authorization: Bearer` header.
func bearer(_ token: String) -> HTTPFields {
    [.authorization: "Bearer \(token)"]
}

/// A user-store failure with its own HTTP answer, as `CognitoUserStoreError.unavailable` gives.
struct StoreUnavailable: CognitoHTTPAnswerError {
    var httpStatus: Int { 503 }
    var code: String { "user_store_unavailable" }
    var jsonBody: String { #"{"error":"user_store_unavailable","reason":"the user store is unavailable"}"# }
}

/// The `Caller` a handler answered with: its `sub` and `user`.
func caller(_ response: TestResponse) -> Components.Schemas.Caller? {
    try? JSONDecoder().decode(Components.Schemas.Caller.self, from: Data(text(response).utf8))
}
