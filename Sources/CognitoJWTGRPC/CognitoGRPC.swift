import CognitoJWT

/// The caller of the current RPC, as ``CognitoServerInterceptor`` found it: task-local values bound for the
/// handler's body and, for streaming responses, for the response's producer too.
///
/// ```swift
/// let identity = CognitoGRPC.identity  // the verified token's identity
/// let user = CognitoGRPC.user(as: AppUser.self)  // the app's user from the interceptor's mapping
/// ```
public enum CognitoGRPC {
    /// The identity of the verified token; `nil` when the RPC has none (a public method called without a
    /// valid token, or code that no ``CognitoServerInterceptor`` runs before).
    @TaskLocal public static var identity: CognitoIdentity?

    /// The user the interceptor's mapping returned for the token, or the token's `CognitoIdentity` when the
    /// interceptor has no mapping; `nil` when the RPC has no verified token.
    @TaskLocal public static var user: (any Sendable)?

    /// Why the token sent to a public method was refused (an unreadable header, a rejected token or an unknown
    /// user); `nil` when it was not. Protected methods never run with a refused token.
    @TaskLocal public static var failure: BearerAuthFailure?

    /// ``user`` as a `User`, or `nil` when there is no user or it is of another type.
    public static func user<User>(as type: User.Type = User.self) -> User? {
        user as? User
    }

    /// Runs `operation` with the task-local ``identity``, ``user`` and ``failure`` bound.
    static func withCaller<Result: Sendable>(
        identity: CognitoIdentity?, user: (any Sendable)?, failure: BearerAuthFailure?,
        operation: () async throws -> Result
    ) async rethrows -> Result {
        try await $identity.withValue(identity) {
            try await $user.withValue(user) {
                try await $failure.withValue(failure) {
                    try await operation()
                }
            }
        }
    }
}
