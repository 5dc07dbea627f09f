import CognitoJWT
import CognitoJWTGRPC
import CognitoJWTTesting
import GRPCCore
import Testing

@Suite("The caller in streaming RPCs")
struct StreamingTests {
    let issuer: LocalCognitoIssuer
    let interceptor: CognitoServerInterceptor

    init() throws {
        issuer = try sharedIssuer.get()
        interceptor = CognitoServerInterceptor(verifier: try issuer.verifier())
    }

    @Test("a server-streaming handler sees the identity in its body and in its producer")
    func serverStreaming() async throws {
        let token = issuer.accessToken(username: "alice", groups: ["staff"])
        let caller = "\(issuer.subject(for: "alice")) alice access [staff]"
        try await withTestServer(interceptor) { client in
            let messages = try await client.count(3, token: token).get()
            #expect(messages == (1...3).map { "\($0) handler=\(caller) producer=\(caller) probe=nil" })
        }
    }

    @Test("a bidirectional handler sees the identity while it reads and writes the streams")
    func bidirectional() async throws {
        let token = issuer.idToken(username: "bob")
        try await withTestServer(interceptor) { client in
            let answers = try await client.chat(["hi", "there"], token: token)
            #expect(try answers.get() == ["bob: hi", "bob: there"])
        }
    }

    @Test("streaming RPCs are refused like unary ones, before the handler runs")
    func refusedStreams() async throws {
        let expired = issuer.accessToken(username: "alice", expiresIn: -60)
        try await withTestServer(interceptor) { client in
            expectRejected(try await client.count(2, token: nil), .unauthenticated, "missing_token")
            expectRejected(try await client.count(2, token: expired), .unauthenticated, "expired", token: expired)
            expectRejected(try await client.chat(["hi"], token: nil), .unauthenticated, "missing_token")
            expectRejected(try await client.chat(["hi"], token: expired), .unauthenticated, "expired", token: expired)
        }
    }

    @Test("gRPC runs a response's producer after the interceptors return: a value bound around next is gone there")
    func producerRunsOutsideNext() async throws {
        let token = issuer.idToken(username: "alice")
        let caller = "\(issuer.subject(for: "alice")) alice id []"
        try await withTestServer(interceptors: [PlainTaskLocalInterceptor(), interceptor]) { client in
            let messages = try await client.count(2, token: token).get()
            // The plain interceptor's value is not seen in the producer; the Cognito caller is.
            #expect(messages == (1...2).map { "\($0) handler=\(caller) producer=\(caller) probe=nil" })
        }
    }

    @Test("concurrent streams of different callers each see their own caller")
    func concurrentCallers() async throws {
        let names = (0..<8).map { "user\($0)" }
        try await withTestServer(interceptor) { client in
            try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for name in names {
                    let token = issuer.accessToken(username: name)
                    group.addTask { (name, try await client.count(5, token: token).get()) }
                }
                var seen = 0
                for try await (name, messages) in group {
                    let caller = "\(issuer.subject(for: name)) \(name) access []"
                    #expect(messages == (1...5).map { "\($0) handler=\(caller) producer=\(caller) probe=nil" })
                    seen += 1
                }
                #expect(seen == names.count)
            }
        }
    }
}
