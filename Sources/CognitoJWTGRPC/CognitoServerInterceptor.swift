import CognitoJWT
import GRPCCore

/// A grpc-swift 2 server interceptor for AWS Cognito bearer tokens: it lets an RPC through only with a verified
/// token that meets the requirements of its method, and binds the caller (``CognitoGRPC/identity``,
/// ``CognitoGRPC/user``) for the handler.
///
/// For each RPC it reads the `authorization` metadata (string values only) with the core's bearer step
/// (`CognitoVerifier.authenticate(authorization:mapUser:)`) and answers with the core's guard decision
/// (`CognitoGuard`), as an `RPCError` whose message is the stable reason code:
///
/// | RPC | answer |
/// |---|---|
/// | no bearer token | `unauthenticated`, `missing_token` |
/// | rejected token, unreadable header | `unauthenticated`, e.g. `expired`, `invalid_signature`, `malformed` |
/// | valid token, the mapping knows no user | `unauthenticated`, `unknown_user` |
/// | in none of the required groups, lacking a scope | `permissionDenied`, `missing_group`, `missing_scope` |
/// | step-up requirements unmet | `unauthenticated`, `insufficient_user_authentication` |
/// | the JWKS cannot be fetched | `unavailable`, `jwks_unavailable` |
///
/// A rejection's `WWW-Authenticate` challenge, when it has one, is the `www-authenticate` trailing metadata.
/// An error of the user mapping that is a `CognitoHTTPAnswerError` is answered by
/// ``GRPCCore/RPCError/init(cognitoAnswer:)``; any other error of the mapping is rethrown.
///
/// The requirements of a method are the first of: its entry in `methods`, its service's entry in `services`,
/// `default`. Methods in `publicMethods` need no token; they still see the caller of a valid one, and
/// ``CognitoGRPC/failure`` tells why a token they were sent was refused.
///
/// ```swift
/// let orders = ServiceDescriptor(fullyQualifiedService: "shop.Orders")
/// let interceptor = CognitoServerInterceptor(
///     verifier: verifier,
///     methods: [MethodDescriptor(service: orders, method: "Cancel"): CognitoRequirements(anyOfGroups: ["admin"])],
///     publicMethods: [MethodDescriptor(service: orders, method: "Health")])
/// let server = GRPCServer(transport: transport, services: [OrdersService()], interceptors: [interceptor])
/// ```
public struct CognitoServerInterceptor: ServerInterceptor {
    /// Maps the verified claims to the app's user; `nil` for no such user.
    public typealias UserMapping = @Sendable (CognitoClaims) async throws -> (any Sendable)?

    /// Checks the tokens.
    public let verifier: CognitoVerifier
    /// The requirements of the methods that neither `methods` nor `services` name.
    public let defaultRequirements: CognitoRequirements
    /// The requirements of each service's methods, unless `methods` names the method.
    public let serviceRequirements: [ServiceDescriptor: CognitoRequirements]
    /// The requirements of single methods.
    public let methodRequirements: [MethodDescriptor: CognitoRequirements]
    /// The methods that need no token.
    public let publicMethods: Set<MethodDescriptor>
    /// The realm of the `www-authenticate` challenges.
    public let realm: String

    let mapUser: UserMapping?
    let defaultGuard: CognitoGuard
    let serviceGuards: [ServiceDescriptor: CognitoGuard]
    let methodGuards: [MethodDescriptor: CognitoGuard]

    /// An interceptor whose ``CognitoGRPC/user`` is the token's `CognitoIdentity`.
    ///
    /// - Parameters:
    ///   - verifier: checks the tokens.
    ///   - defaultRequirements: the requirements of every method that `services` and `methods` do not name
    ///     (default: a valid token).
    ///   - services: requirements by service.
    ///   - methods: requirements by method (the descriptor's RPC type is ignored).
    ///   - publicMethods: methods that need no token.
    ///   - realm: the realm of the `www-authenticate` challenges (default `HTTPRejection.defaultRealm`, `api`).
    public init(
        verifier: CognitoVerifier, default defaultRequirements: CognitoRequirements = .none,
        services: [ServiceDescriptor: CognitoRequirements] = [:],
        methods: [MethodDescriptor: CognitoRequirements] = [:], publicMethods: Set<MethodDescriptor> = [],
        realm: String = HTTPRejection.defaultRealm
    ) {
        self.init(
            verifier: verifier, defaultRequirements: defaultRequirements, services: services, methods: methods,
            publicMethods: publicMethods, realm: realm, mapUser: nil)
    }

    /// An interceptor whose ``CognitoGRPC/user`` is the app's own user, returned by `mapUser` for each verified
    /// token.
    ///
    /// - Parameters:
    ///   - verifier: checks the tokens.
    ///   - defaultRequirements: the requirements of every method that `services` and `methods` do not name.
    ///   - services: requirements by service.
    ///   - methods: requirements by method (the descriptor's RPC type is ignored).
    ///   - publicMethods: methods that need no token.
    ///   - realm: the realm of the `www-authenticate` challenges.
    ///   - mapUser: finds or creates the user for verified claims; `nil` for none (`unauthenticated`,
    ///     `unknown_user`). Client-credentials tokens have no user name (`claims.isClientCredentials`).
    public init<User: Sendable>(
        verifier: CognitoVerifier, default defaultRequirements: CognitoRequirements = .none,
        services: [ServiceDescriptor: CognitoRequirements] = [:],
        methods: [MethodDescriptor: CognitoRequirements] = [:], publicMethods: Set<MethodDescriptor> = [],
        realm: String = HTTPRejection.defaultRealm,
        mapUser: @escaping @Sendable (CognitoClaims) async throws -> User?
    ) {
        self.init(
            verifier: verifier, defaultRequirements: defaultRequirements, services: services, methods: methods,
            publicMethods: publicMethods, realm: realm, mapUser: { claims in try await mapUser(claims) })
    }

    init(
        verifier: CognitoVerifier, defaultRequirements: CognitoRequirements,
        services: [ServiceDescriptor: CognitoRequirements], methods: [MethodDescriptor: CognitoRequirements],
        publicMethods: Set<MethodDescriptor>, realm: String, mapUser: UserMapping?
    ) {
        let methods = Dictionary(methods.map { (Self.key($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.verifier = verifier
        self.defaultRequirements = defaultRequirements
        self.serviceRequirements = services
        self.methodRequirements = methods
        self.publicMethods = Set(publicMethods.map(Self.key))
        self.realm = realm
        self.mapUser = mapUser
        self.defaultGuard = CognitoGuard(requiring: defaultRequirements, realm: realm)
        self.serviceGuards = services.mapValues { CognitoGuard(requiring: $0, realm: realm) }
        self.methodGuards = methods.mapValues { CognitoGuard(requiring: $0, realm: realm) }
    }

    /// Authenticates the RPC, answers it when the method's guard refuses it, and otherwise calls `next` (and
    /// the response's producer) with the caller bound in ``CognitoGRPC``.
    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = Self.key(context.descriptor)
        var claims: CognitoClaims?
        var user: (any Sendable)?
        var failure: BearerAuthFailure?
        switch try await outcome(request.metadata) {
        case .none: break
        case .failed(let refusal): failure = refusal
        case .authenticated(let mapped, let verified):
            user = mapped
            claims = verified
        }
        if !publicMethods.contains(method) {
            let decision = (methodGuards[method] ?? serviceGuards[method.service] ?? defaultGuard)
                .decide(claims: claims, failure: failure)
            if case .reject(let rejection) = decision { throw RPCError(cognitoRejection: rejection) }
        }
        return try await Self.run(
            identity: claims.map(CognitoIdentity.init(claims:)), user: user, failure: failure
        ) {
            try await next(request, context)
        }
    }

    /// The core's bearer step on the request's `authorization` values, with this interceptor's user mapping,
    /// whose `CognitoHTTPAnswerError`s become their `RPCError`.
    func outcome(_ metadata: Metadata) async throws -> BearerOutcome<any Sendable> {
        let values = Array(metadata[stringValues: "authorization"])
        do {
            return try await verifier.authenticate(authorization: values) { claims -> (any Sendable)? in
                guard let mapUser else { return CognitoIdentity(claims: claims) }
                return try await mapUser(claims)
            }
        } catch let error as any CognitoHTTPAnswerError {
            throw RPCError(cognitoAnswer: error)
        }
    }

    /// Calls `next` with the caller bound, and wraps the response's producer, which gRPC runs after `next` has
    /// returned, so that it runs with the caller bound too.
    static func run<Output: Sendable>(
        identity: CognitoIdentity?, user: (any Sendable)?, failure: BearerAuthFailure?,
        next: () async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let response = try await CognitoGRPC.withCaller(
            identity: identity, user: user, failure: failure, operation: next)
        guard case .success(var contents) = response.accepted else { return response }
        let producer = contents.producer
        contents.producer = { writer in
            try await CognitoGRPC.withCaller(identity: identity, user: user, failure: failure) {
                try await producer(writer)
            }
        }
        return StreamingServerResponse(accepted: .success(contents))
    }

    /// The method without its RPC type, as the server's router matches it.
    static func key(_ method: MethodDescriptor) -> MethodDescriptor {
        MethodDescriptor(service: method.service, method: method.method)
    }
}
