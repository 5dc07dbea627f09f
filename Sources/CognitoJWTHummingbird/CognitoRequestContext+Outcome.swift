import CognitoJWT

extension CognitoRequestContext {
    /// Records what an authenticator found: a failure (unless a token was already verified), or the identity and
    /// its claims. Shared by ``CognitoAuthenticator`` and ``CognitoALBAuthenticator``, so that either, or both in a
    /// row, feed the same ``CognitoGuardMiddleware``.
    mutating func record(_ outcome: BearerOutcome<Identity>) {
        switch outcome {
        case .none:
            break
        case .failed(let failure):
            if cognito.claims == nil { cognito.failure = failure }
        case .authenticated(let identity, let claims):
            self.identity = identity
            cognito.claims = claims
            cognito.failure = nil
        }
    }
}
