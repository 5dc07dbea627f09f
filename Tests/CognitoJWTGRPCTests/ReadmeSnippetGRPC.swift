// The gRPC example of the README, verbatim (kept compiling and tested by ReadmeSnippetGRPCTests).

// --- README snippet begins ---
import CognitoJWT
import CognitoJWTGRPC
import GRPCCore
import GRPCNIOTransportHTTP2

/// The methods of `shop.Orders` (generated code has them as `Shop_Orders.Method.<Name>.descriptor`).
enum ShopOrders {
    static let service = ServiceDescriptor(fullyQualifiedService: "shop.Orders")
    static let list = MethodDescriptor(service: service, method: "List")
    static let cancel = MethodDescriptor(service: service, method: "Cancel")
    static let health = MethodDescriptor(service: service, method: "Health")
}

func makeServer(
    verifier: CognitoVerifier, services: [any RegistrableRPCService], port: Int = 50051
) -> GRPCServer<HTTP2ServerTransport.Posix> {
    let cognito = CognitoServerInterceptor(
        verifier: verifier,  // reads the "authorization: Bearer …" metadata
        default: CognitoRequirements(allOfScopes: ["orders/read"]),  // every method: else permissionDenied
        methods: [ShopOrders.cancel: CognitoRequirements(anyOfGroups: ["admin"])],  // replaces the default
        publicMethods: [ShopOrders.health])  // no token needed
    return GRPCServer(
        transport: HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: port), transportSecurity: .plaintext),  // or .tls(…)
        services: services, interceptors: [cognito])
}

/// Inside any handler, unary or streaming: who called.
func greeting() -> String {
    guard let caller = CognitoGRPC.identity else { return "hello stranger" }  // a public method, no token
    return "hello \(caller.username ?? "client \(caller.id)")"
}

func runServer(services: [any RegistrableRPCService]) async throws {
    // COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_AUDIENCE (app client ids), COGNITO_TOKEN_USE
    let verifier = try CognitoVerifier(configuration: .fromEnvironment())
    try await verifier.hydrate()  // fetch the JWKS before the first request
    try await makeServer(verifier: verifier, services: services).serve()
}
// --- README snippet ends ---
