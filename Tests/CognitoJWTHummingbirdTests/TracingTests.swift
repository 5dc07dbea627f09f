import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import Testing
import Tracing

/// The `cognito.verify` span of a request is a child of Hummingbird's `TracingMiddleware` span.
@Suite("Tracing through Hummingbird")
struct TracingTests {
    @Test("the verification's span is a child of the request's span")
    func verifySpanIsAChildOfTheRequestSpan() async throws {
        let tracer = InMemoryTracer()
        let issuer = try sharedIssuer.get()
        try await withTracer(tracer) {
            let verifier = try issuer.verifier()
            let router = Router(context: IdentityContext.self)
            router.add(middleware: TracingMiddleware())
            router.add(middleware: CognitoAuthenticator(verifier: verifier))
            router.group("me").add(middleware: CognitoGuardMiddleware()).get { _, _ in "ok" }
            try await Application(router: router).test(.router) { client in
                let token = issuer.idToken(username: "alice")
                try await client.execute(uri: "/me", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        let verify = try #require(tracer.finishedSpans.first { $0.operationName == CognitoSpanNames.verify })
        let serverSpans =
            tracer.finishedSpans.filter { $0.kind == .server }.map(\.spanContext)
            + tracer.activeSpans.filter { $0.kind == .server }.map(\.spanContext)
        let request = try #require(serverSpans.first)
        #expect(verify.parentSpanID == request.spanID)
        #expect(verify.traceID == request.traceID)
        if case .some(.string(let outcome)) = verify.attributes[CognitoSpanNames.outcome]?.toSpanAttribute() {
            #expect(outcome == "accepted")
        } else {
            Issue.record("no outcome")
        }
    }
}
