extension ALBVerifier {
    /// The ALB counterpart of the bearer step (`CognitoVerifier.authenticate(authorization:mapUser:)`), which the
    /// adapters' ALB authenticators run: no `x-amzn-oidc-data` header is ``BearerOutcome/none``; a refused one is
    /// ``BearerOutcome/failed(_:)``; verified claims (``ALBVerification/claims``) are mapped to the app's user.
    ///
    /// - Parameters:
    ///   - headers: the request's `x-amzn-oidc-*` headers.
    ///   - mapUser: the app's user for verified claims; `nil` for no such user (``BearerAuthFailure/unknownUser``).
    ///     Its own errors are rethrown.
    public func authenticate<User>(
        headers: ALBHeaders, mapUser: (CognitoClaims) async throws -> User?
    ) async throws -> BearerOutcome<User> {
        guard !headers.data.isEmpty else { return .none }
        let verification: ALBVerification
        do {
            verification = try await verify(headers: headers)
        } catch {
            return .failed(.rejected(error))
        }
        guard let user = try await mapUser(verification.claims) else { return .failed(.unknownUser) }
        return .authenticated(user, verification.claims)
    }
}
