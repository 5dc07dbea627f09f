import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import GRPCCore
import Testing

/// An error of the app's user lookup with its own HTTP answer.
struct LookupError: CognitoHTTPAnswerError {
    let httpStatus: Int
    let code: String
    let detail: String
    var jsonBody: String { #"{"error":"\#(code)","reason":"\#(detail)"}"# }
}

/// A plain error of the app, with no HTTP answer.
struct DatabaseExploded: Error {}

@Suite("The user mapping")
struct UserMappingTests {
    let issuer: LocalCognitoIssuer

    init() throws { issuer = try sharedIssuer.get() }

    /// An interceptor whose mapping knows `alice` (user #7), knows no `ghost`, and throws `errors[username]`.
    func interceptor(errors: [String: any Error] = [:]) throws -> CognitoServerInterceptor {
        CognitoServerInterceptor(verifier: try issuer.verifier(), publicMethods: [TestService.health]) {
            claims -> AppUser? in
            let name = claims.username ?? ""
            if let error = errors[name] { throw error }
            return name == "ghost" ? nil : AppUser(name: name, number: name == "alice" ? 7 : 0)
        }
    }

    @Test("the mapped user reaches the handler beside the identity")
    func mappedUser() async throws {
        try await withTestServer(try interceptor()) { client in
            let token = issuer.idToken(username: "alice")
            let user = try await client.unary(TestService.user, token: token)
            #expect(try user.get() == "alice #7")
            let identity = try await client.unary(TestService.whoAmI, token: token)
            #expect(try identity.get().contains(" alice id "))
        }
    }

    @Test("without a mapping the user is the token's CognitoIdentity")
    func identityAsUser() async throws {
        let interceptor = CognitoServerInterceptor(verifier: try issuer.verifier())
        try await withTestServer(interceptor) { client in
            let token = issuer.idToken(username: "alice")
            #expect(try await client.unary(TestService.user, token: token).get() == "identity alice")
            expectRejected(try await client.unary(TestService.user, token: nil), .unauthenticated, "missing_token")
        }
    }

    @Test("a mapping that returns nil is unauthenticated unknown_user")
    func unknownUser() async throws {
        let token = issuer.idToken(username: "ghost")
        try await withTestServer(try interceptor()) { client in
            let answer = try await client.unary(TestService.user, token: token)
            expectRejected(answer, .unauthenticated, "unknown_user", token: token)
            #expect(
                challenge(answer) == [#"Bearer realm="api", error="invalid_token", error_description="unknown_user""#])
            expectRejected(try await client.count(1, token: token), .unauthenticated, "unknown_user", token: token)
            #expect(try await client.unary(TestService.health, token: token).get() == "anonymous unknown_user")
        }
    }

    @Test(
        "a mapping error with its own HTTP answer becomes the matching gRPC status, with its code only",
        arguments: [
            (503, "user_store_unavailable", RPCError.Code.unavailable, "user_store_unavailable"),
            (400, "invalid_claim", .invalidArgument, "invalid_claim"),
            (403, "user_disabled", .permissionDenied, "user_disabled"),
            (401, "user_signed_out", .unauthenticated, "user_signed_out"),
            (500, "database_on_fire", .internalError, "internal_error"),
            (409, "conflict", .internalError, "internal_error"),
        ])
    func answerErrors(status: Int, code: String, expected: RPCError.Code, message: String) async throws {
        let error = LookupError(httpStatus: status, code: code, detail: "postgres at 10.0.0.5 said no")
        try await withTestServer(try interceptor(errors: ["mallory": error])) { client in
            let token = issuer.idToken(username: "mallory")
            for answer in [
                try await client.unary(TestService.user, token: token),
                try await client.unary(TestService.health, token: token),
            ] {
                expectRejected(answer, expected, message, token: token)
                if case .failure(let failure) = answer {
                    #expect(!failure.message.contains("postgres"))
                    #expect(challenge(answer).isEmpty)
                    #expect(!failure.metadata.contains { $0.value.encoded().contains("postgres") })
                }
            }
        }
    }

    @Test("other errors of the mapping are rethrown: an RPCError as it is, anything else as gRPC's unknown")
    func otherErrors() async throws {
        let throttled = RPCError(code: .resourceExhausted, message: "slow down")
        let errors: [String: any Error] = ["busy": throttled, "boom": DatabaseExploded()]
        try await withTestServer(try interceptor(errors: errors)) { client in
            let busy = issuer.idToken(username: "busy")
            expectRejected(try await client.unary(TestService.user, token: busy), .resourceExhausted, "slow down")
            let boom = try await client.unary(TestService.user, token: issuer.idToken(username: "boom"))
            guard case .failure(let error) = boom else {
                Issue.record("expected a failure, got \(boom)")
                return
            }
            #expect(error.code == .unknown)
            #expect(!error.message.contains("DatabaseExploded"))
        }
    }
}
