import CognitoJWT
import Vapor

extension Request {
    /// What ``CognitoAuthenticator`` found for this request: the verified claims, or why there are none.
    public var cognito: Cognito { Cognito(request: self) }

    /// The Cognito side of a request, reached through `req.cognito`.
    public struct Cognito: Sendable {
        private struct ClaimsKey: StorageKey {
            typealias Value = CognitoClaims
        }

        private struct FailureKey: StorageKey {
            typealias Value = BearerAuthFailure
        }

        /// The request.
        public let request: Request

        /// The claims of the verified token the caller was logged in with; `nil` without one.
        public var claims: CognitoClaims? { request.storage[ClaimsKey.self] }

        /// Why the request's bearer header did not authenticate it; `nil` when there was none or it did.
        public var failure: BearerAuthFailure? { request.storage[FailureKey.self] }

        /// The caller's identity (user or app client), when authenticated.
        public var identity: CognitoIdentity? { claims.map(CognitoIdentity.init(claims:)) }

        /// The verified claims, after checking `requirements`.
        ///
        /// - Throws: ``CognitoAbort``: 401 without a token or with a rejected one (503 when the JWKS is
        ///   unavailable), 403 when `requirements` are not met. Its status and `WWW-Authenticate` are those of
        ///   `HTTPRejection`; the body is written by the app's `ErrorMiddleware`.
        @discardableResult
        public func require(_ requirements: CognitoRequirements = .none) throws(CognitoAbort) -> CognitoClaims {
            let guardian = CognitoGuard(requiring: requirements, realm: request.application.cognito.realm)
            switch guardian.decide(claims: claims, failure: failure) {
            case .pass(let claims): return claims
            case .reject(let rejection): throw CognitoAbort(rejection)
            }
        }

        /// The verified claims, after checking that the token is in one of `anyOfGroups` and has all of
        /// `allOfScopes`; see ``require(_:)``.
        @discardableResult
        public func require(
            anyOfGroups: [String] = [], allOfScopes: [String] = []
        ) throws(CognitoAbort) -> CognitoClaims {
            try require(CognitoRequirements(anyOfGroups: anyOfGroups, allOfScopes: allOfScopes))
        }

        func record(_ failure: BearerAuthFailure) {
            request.storage[FailureKey.self] = failure
        }

        /// Records what an authenticator found: a failure (unless a token was already verified), or the claims
        /// with `user` logged in. Shared by ``CognitoAuthenticator`` and ``CognitoALBAuthenticator``, so that
        /// either, or both in a row, feed the same guards.
        func record<User: Authenticatable>(_ outcome: BearerOutcome<User>) {
            switch outcome {
            case .none: return
            case .failed(let failure): if claims == nil { record(failure) }
            case .authenticated(let user, let claims):
                authenticated(claims)
                request.auth.login(user)
            }
        }

        func authenticated(_ claims: CognitoClaims) {
            request.storage[FailureKey.self] = nil
            request.storage[ClaimsKey.self] = claims
        }
    }
}
