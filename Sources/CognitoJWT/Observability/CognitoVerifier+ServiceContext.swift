import Tracing

extension CognitoVerifier {
    /// Runs `body` with the request's `ServiceContext` current, for adapters whose framework keeps it on the request
    /// rather than in the task: when this task has no current context and a tracer was active when the verifier
    /// was made, `context()` becomes current, so the `cognito.verify` span is a child of the request's span.
    /// Otherwise `body` runs as it is, reading nothing.
    package func withRequestServiceContext<Result>(
        _ context: () -> ServiceContext, _ body: () async throws -> Result
    ) async rethrows -> Result {
        guard tracesRequests, ServiceContext.current == nil else { return try await body() }
        return try await ServiceContext.$current.withValue(context()) { try await body() }
    }
}
