import CognitoJWT
import CognitoJWTTesting
import CognitoJWTVapor
import InMemoryTracing
import Testing
import Tracing
import VaporTesting

/// The `cognito.verify` span of a request is a child of Vapor's `TracingMiddleware` span.
@Suite("Tracing through Vapor")
struct TracingTests {
    @Test("the verification's span is a child of the request's span")
    func verifySpanIsAChildOfTheRequestSpan() async throws {
        let tracer = InMemoryTracer()
        let issuer = Fixtures.issuer
        try await withTracer(tracer) {
            let verifier = try issuer.verifier()
            try await withCognitoApp(
                verifier: verifier,
                configure: { app in
                    app.middleware.use(TracingMiddleware())
                    try await installRoutes(app)
                }
            ) { app in
                try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                    #expect(res.status == .ok)
                }
            }
        }
        let verify = try #require(tracer.finishedSpans.first { $0.operationName == CognitoSpanNames.verify })
        let request = try #require(tracer.finishedSpans.first { $0.kind == .server })
        #expect(verify.parentSpanID == request.spanID)
        #expect(verify.traceID == request.traceID)
    }

    @Test("with the request's context only on the request (not in the task), the span still has it as parent")
    func requestContextWithoutTaskContext() async throws {
        let tracer = InMemoryTracer()
        let issuer = Fixtures.issuer
        try await withTracer(tracer) {
            let verifier = try issuer.verifier()
            try await withCognitoApp(
                verifier: verifier,
                configure: { app in
                    app.middleware.use(ContextOnTheRequest())
                    try await installRoutes(app)
                }
            ) { app in
                try await app.testing().test(.GET, "me", headers: bearer(issuer.idToken(username: "alice"))) { res in
                    #expect(res.status == .ok)
                }
            }
        }
        let verify = try #require(tracer.finishedSpans.first { $0.operationName == CognitoSpanNames.verify })
        let request = try #require(tracer.finishedSpans.first { $0.operationName == "request" })
        #expect(verify.parentSpanID == request.spanID)
    }
}

/// Starts a span and keeps its context on the request only (as Vapor does across `EventLoopFuture` hops), not in
/// the task.
struct ContextOnTheRequest: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let span = InstrumentationSystem.tracer.startSpan("request", context: .topLevel, ofKind: .server)
        defer { span.end() }
        request.serviceContext = span.context
        return try await ServiceContext.$current.withValue(nil) { try await next.respond(to: request) }
    }
}
