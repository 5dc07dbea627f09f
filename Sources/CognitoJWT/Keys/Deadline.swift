/// Runs `body`, cancelling it and throwing ``CognitoJWTError/Code/jwksUnavailable`` when `timeout` passes first;
/// `what` names the document being fetched in that error ("JWKS", "ALB public key").
func withDeadline<T: Sendable>(
    _ timeout: Duration, fetching what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw CognitoJWTError(.jwksUnavailable, "\(what) fetch timed out after \(timeout)")
        }
        return value
    }
}
