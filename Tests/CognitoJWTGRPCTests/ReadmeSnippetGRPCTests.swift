import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// `shop.Orders`, written by hand: every method answers ``greeting()``.
struct ShopOrdersService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for method in [ShopOrders.list, ShopOrders.cancel, ShopOrders.health] {
            router.registerHandler(
                forMethod: method, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()
            ) { request, _ in
                _ = try await ServerRequest(stream: request)
                return StreamingServerResponse(single: ServerResponse(message: greeting()))
            }
        }
    }
}

@Suite("The README's gRPC snippet")
struct ReadmeSnippetGRPCTests {
    @Test("does what the README says, on a live server")
    func snippet() async throws {
        let issuer = try sharedIssuer.get()
        let server = makeServer(verifier: try issuer.verifier(), services: [ShopOrdersService()], port: 0)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            let address = try #require(try await server.listeningAddress?.ipv4)
            try await withGRPCClient(
                transport: HTTP2ClientTransport.Posix(
                    target: .ipv4(address: address.host, port: address.port), transportSecurity: .plaintext)
            ) { grpc in
                let client = TestClient(client: grpc)
                let reader = issuer.accessToken(username: "alice", scopes: ["orders/read"])
                let admin = issuer.idToken(username: "root", groups: ["admin"])
                let machine = issuer.clientCredentialsToken(scopes: ["orders/read"])

                #expect(try await client.unary(ShopOrders.list, token: reader).get() == "hello alice")
                #expect(
                    try await client.unary(ShopOrders.list, token: machine).get() == "hello client \(issuer.clientID)")
                expectRejected(
                    try await client.unary(ShopOrders.list, token: admin), .permissionDenied, "missing_scope")
                expectRejected(try await client.unary(ShopOrders.list, token: nil), .unauthenticated, "missing_token")

                #expect(try await client.unary(ShopOrders.cancel, token: admin).get() == "hello root")
                expectRejected(
                    try await client.unary(ShopOrders.cancel, token: reader), .permissionDenied, "missing_group")

                #expect(try await client.unary(ShopOrders.health, token: nil).get() == "hello stranger")
                #expect(try await client.unary(ShopOrders.health, token: reader).get() == "hello alice")
            }
        }
    }
}
