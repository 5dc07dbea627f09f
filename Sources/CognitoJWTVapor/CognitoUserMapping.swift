import CognitoJWT
import Vapor

/// An app's user type that can be found (or created) for a verified Cognito token: the counterpart of
/// django-cognito-jwt's `get_or_create_for_cognito(payload)`.
///
/// ```swift
/// extension User: CognitoUserMapping {
///     static func user(for claims: CognitoClaims, on req: Request) async throws -> User? {
///         try await User.query(on: req.db).filter(\.$cognitoID == claims.subject ?? "").first()
///     }
/// }
/// ```
public protocol CognitoUserMapping: Authenticatable, SendableMetatype {
    /// The user the verified `claims` stand for, or `nil` when the app knows no such user (a 401
    /// `unknown_user`). Throw for failures of the app's own (a database down): the request fails with that error.
    ///
    /// Client-credentials (machine-to-machine) tokens have no user name: see `claims.isClientCredentials`.
    static func user(for claims: CognitoClaims, on request: Request) async throws -> Self?
}

extension CognitoIdentity: CognitoUserMapping {
    /// The identity of any verified token, user or client: never `nil`.
    public static func user(for claims: CognitoClaims, on request: Request) async throws -> CognitoIdentity? {
        CognitoIdentity(claims: claims)
    }
}
