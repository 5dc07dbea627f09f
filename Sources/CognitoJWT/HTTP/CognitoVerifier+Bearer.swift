extension CognitoVerifier {
    /// The bearer-authentication step every adapter runs: reads the request's `Authorization` values by the
    /// shared ``BearerToken`` rules, verifies the token, and maps the claims to the app's user.
    ///
    /// - Parameters:
    ///   - values: every `Authorization` header value of the request, in order.
    ///   - mapUser: the app's user for verified claims; `nil` for no such user (``BearerAuthFailure/unknownUser``).
    ///     Its own errors are rethrown: they are the app's, not a token's.
    public func authenticate<User>(
        authorization values: [String],
        mapUser: (CognitoClaims) async throws -> User?
    ) async throws -> BearerOutcome<User> {
        let token: String
        switch BearerToken(authorizationValues: values) {
        case .absent: return .none
        case .invalid: return .failed(.unreadableHeader)
        case .token(let value): token = value
        }
        let claims: CognitoClaims
        do {
            claims = try await verify(token)
        } catch {
            return .failed(.rejected(error))
        }
        guard let user = try await mapUser(claims) else { return .failed(.unknownUser) }
        return .authenticated(user, claims)
    }
}
