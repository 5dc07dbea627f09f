import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// One local pool shared by the suites that never change its keys (RSA key generation is slow).
let sharedIssuer: Result<LocalCognitoIssuer, any Error> = Result {
    try LocalCognitoIssuer(region: "us-east-1", userPoolID: "us-east-1_GRPCTests")
}

/// Another pool, whose tokens the verifiers of ``sharedIssuer`` do not accept.
let foreignIssuer: Result<LocalCognitoIssuer, any Error> = Result {
    try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_Foreign")
}

/// Serializes strings as UTF-8.
struct UTF8Serializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: String) throws -> Bytes {
        Bytes(message.utf8)
    }
}

/// Deserializes UTF-8 strings.
struct UTF8Deserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> String {
        serializedMessageBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}

/// A value the ``PlainTaskLocalInterceptor`` binds, to show when gRPC runs a response's producer.
enum Probe {
    @TaskLocal static var value: String?
}

/// Binds ``Probe/value`` around `next` only, the way a naive interceptor would.
struct PlainTaskLocalInterceptor: ServerInterceptor {
    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        try await Probe.$value.withValue("bound") { try await next(request, context) }
    }
}

/// The caller as the handler sees it through ``CognitoGRPC``: `<id> <username> <token_use> [groups]`, or
/// `anonymous <failure reason or none>`.
func caller() -> String {
    guard let identity = CognitoGRPC.identity else {
        return "anonymous \(CognitoGRPC.failure?.reason ?? "none")"
    }
    let use = identity.claims.tokenUse.rawValue
    return "\(identity.id) \(identity.username ?? "client") \(use) [\(identity.groups.joined(separator: ","))]"
}

/// The service under test, written by hand (no protoc): `cognito.test.Echo` with unary, server-streaming and
/// bidirectional methods, and `cognito.test.Admin` with one unary method.
///
/// - `WhoAmI`, `Admin`, `Orders`, `Health` (unary): answer ``caller()``.
/// - `User` (unary): `<name> #<number>` for an `AppUser`, `identity <username>` for a `CognitoIdentity`, else
///   `none`.
/// - `Count` (server streaming): the request is a number n; answers n messages
///   `<i> handler=<caller at handler time> producer=<caller in the producer> probe=<Probe.value in the producer>`.
/// - `Chat` (bidirectional): answers each message with `<username>: <message>`, the username read in the
///   producer.
/// - `cognito.test.Admin/Stats` (unary): ``caller()``.
struct TestService: RegistrableRPCService {
    static let echo = ServiceDescriptor(fullyQualifiedService: "cognito.test.Echo")
    static let admin = ServiceDescriptor(fullyQualifiedService: "cognito.test.Admin")
    static let whoAmI = MethodDescriptor(service: echo, method: "WhoAmI")
    static let adminOnly = MethodDescriptor(service: echo, method: "Admin")
    static let orders = MethodDescriptor(service: echo, method: "Orders")
    static let health = MethodDescriptor(service: echo, method: "Health")
    static let user = MethodDescriptor(service: echo, method: "User")
    static let count = MethodDescriptor(service: echo, method: "Count")
    static let chat = MethodDescriptor(service: echo, method: "Chat")
    static let stats = MethodDescriptor(service: admin, method: "Stats")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for method in [Self.whoAmI, Self.adminOnly, Self.orders, Self.health, Self.stats] {
            router.registerHandler(
                forMethod: method, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()
            ) { request, _ in
                _ = try await ServerRequest(stream: request)
                return StreamingServerResponse(single: ServerResponse(message: caller()))
            }
        }
        router.registerHandler(
            forMethod: Self.user, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()
        ) { request, _ in
            _ = try await ServerRequest(stream: request)
            let user: String
            if let app = CognitoGRPC.user(as: AppUser.self) {
                user = "\(app.name) #\(app.number)"
            } else if let identity = CognitoGRPC.user(as: CognitoIdentity.self) {
                user = "identity \(identity.username ?? identity.id)"
            } else {
                user = "none"
            }
            return StreamingServerResponse(single: ServerResponse(message: user))
        }
        router.registerHandler(
            forMethod: Self.count, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()
        ) { request, _ in
            let count = Int(try await ServerRequest(stream: request).message) ?? 0
            let atHandler = caller()
            return StreamingServerResponse { writer in
                for index in 1...max(count, 1) {
                    await Task.yield()
                    try await writer.write(
                        "\(index) handler=\(atHandler) producer=\(caller()) probe=\(Probe.value ?? "nil")")
                }
                return [:]
            }
        }
        router.registerHandler(
            forMethod: Self.chat, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()
        ) { request, _ in
            StreamingServerResponse { writer in
                for try await message in request.messages {
                    try await writer.write("\(CognitoGRPC.identity?.username ?? "nobody"): \(message)")
                }
                return [:]
            }
        }
    }
}

/// The app's own user, for the user-mapping tests.
struct AppUser: Sendable {
    let name: String
    let number: Int
}

/// A client of ``TestService`` that turns every RPC's outcome into a `Result`.
struct TestClient: Sendable {
    let client: GRPCClient<HTTP2ClientTransport.Posix>

    /// The `authorization` metadata: one entry per value.
    static func metadata(_ authorization: [String]) -> Metadata {
        var metadata = Metadata()
        for value in authorization { metadata.addString(value, forKey: "authorization") }
        return metadata
    }

    /// A unary call with `Authorization: Bearer <token>` (no metadata for `nil`).
    func unary(
        _ method: MethodDescriptor, token: String?, message: String = ""
    ) async throws -> Result<
        String, RPCError
    > {
        try await unary(method, authorization: token.map { ["Bearer \($0)"] } ?? [], message: message)
    }

    /// A unary call with these `authorization` values.
    func unary(
        _ method: MethodDescriptor, authorization: [String], message: String = ""
    ) async throws -> Result<
        String, RPCError
    > {
        let request = ClientRequest(message: message, metadata: Self.metadata(authorization))
        return try await client.unary(
            request: request, descriptor: method, serializer: UTF8Serializer(), deserializer: UTF8Deserializer(),
            options: .defaults
        ) { response in
            Result { () throws(RPCError) in try response.accepted.get().message.get() }
        }
    }

    /// `Count`: the messages of a server-streaming call, or its error.
    func count(_ count: Int, token: String?) async throws -> Result<[String], RPCError> {
        let request = ClientRequest(
            message: String(count), metadata: Self.metadata(token.map { ["Bearer \($0)"] } ?? []))
        return try await client.serverStreaming(
            request: request, descriptor: TestService.count, serializer: UTF8Serializer(),
            deserializer: UTF8Deserializer(), options: .defaults
        ) { response in
            do {
                var messages: [String] = []
                for try await message in response.messages { messages.append(message) }
                return .success(messages)
            } catch let error as RPCError {
                return .failure(error)
            }
        }
    }

    /// `Chat`: sends `messages` on a bidirectional stream and returns the answers, or the call's error.
    func chat(_ messages: [String], token: String?) async throws -> Result<[String], RPCError> {
        let request = StreamingClientRequest(
            of: String.self, metadata: Self.metadata(token.map { ["Bearer \($0)"] } ?? [])
        ) { writer in
            for message in messages { try await writer.write(message) }
        }
        return try await client.bidirectionalStreaming(
            request: request, descriptor: TestService.chat, serializer: UTF8Serializer(),
            deserializer: UTF8Deserializer(), options: .defaults
        ) { response in
            do {
                var answers: [String] = []
                for try await answer in response.messages { answers.append(answer) }
                return .success(answers)
            } catch let error as RPCError {
                return .failure(error)
            }
        }
    }
}

/// Runs a live gRPC server with ``TestService`` and `interceptors` on 127.0.0.1 (random port), plaintext HTTP/2,
/// and calls `body` with a client connected to it.
func withTestServer<Value: Sendable>(
    interceptors: [any ServerInterceptor],
    _ body: (TestClient) async throws -> Value
) async throws -> Value {
    try await withGRPCServer(
        transport: HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
        services: [TestService()], interceptors: interceptors
    ) { server in
        let address = try #require(try await server.listeningAddress?.ipv4)
        return try await withGRPCClient(
            transport: HTTP2ClientTransport.Posix(
                target: .ipv4(address: address.host, port: address.port), transportSecurity: .plaintext)
        ) { client in
            try await body(TestClient(client: client))
        }
    }
}

/// Runs ``withTestServer(interceptors:_:)`` with one ``CognitoServerInterceptor``.
func withTestServer<Value: Sendable>(
    _ interceptor: CognitoServerInterceptor,
    _ body: (TestClient) async throws -> Value
) async throws -> Value {
    try await withTestServer(interceptors: [interceptor], body)
}

/// Expects `result` to be the error `code` with the message `reason`, and that neither the message nor the
/// metadata contains `token`.
func expectRejected<Value>(
    _ result: Result<Value, RPCError>, _ code: RPCError.Code, _ reason: String, token: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch result {
    case .success(let value):
        Issue.record("expected \(code) \(reason), got \(value)", sourceLocation: sourceLocation)
    case .failure(let error):
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.message == reason, sourceLocation: sourceLocation)
        if let token {
            #expect(!error.message.contains(token), sourceLocation: sourceLocation)
            let signature = String(token.split(separator: ".").last ?? "")
            for (_, value) in error.metadata {
                #expect(!value.encoded().contains(token), sourceLocation: sourceLocation)
                if signature.count >= 16 {
                    #expect(!value.encoded().contains(signature), sourceLocation: sourceLocation)
                }
            }
        }
    }
}

/// The `www-authenticate` trailing metadata of a failed call.
func challenge<Value>(_ result: Result<Value, RPCError>) -> [String] {
    guard case .failure(let error) = result else { return [] }
    return Array(error.metadata[stringValues: "www-authenticate"])
}
