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
    /// How the request's span is made: Vapor's `TracingMiddleware` (its context also in the task), or a
    /// middleware that keeps the context on the request only (as Vapor does across `EventLoopFuture` hops).
    enum RequestSpan: String, CaseIterable, Sendable {
        case tracingMiddleware
        case contextOnTheRequestOnly

        var middleware: any AsyncMiddleware {
            switch self {
            case .tracingMiddleware: TracingMiddleware()
            case .contextOnTheRequestOnly: ContextOnTheRequest()
            }
        }
    }

    @Test("the verification's span is a child of the request's span", arguments: RequestSpan.allCases)
    func verifySpanIsAChildOfTheRequestSpan(_ requestSpan: RequestSpan) async throws {
        let tracer = InMemoryTracer()
        let issuer = Fixtures.issuer
        try await withTracer(tracer) {
            let verifier = try issuer.verifier()
            try await withCognitoApp(
                verifier: verifier,
                configure: { app in
                    app.middleware.use(requestSpan.middleware)
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
