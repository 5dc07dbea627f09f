import CognitoJWT
import Hummingbird
import HummingbirdAuth

/// A ready-made ``CognitoRequestContext``, the Cognito counterpart of hummingbird-auth's
/// `BasicAuthRequestContext`. `Identity` is `CognitoIdentity` unless the app maps its own users.
public struct BasicCognitoRequestContext<Identity: Sendable>: CognitoRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated identity.
    public var identity: Identity?
    /// What the ``CognitoAuthenticator`` found out about this request.
    public var cognito: CognitoAuthState

    /// Creates the context of a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.cognito = CognitoAuthState()
    }
}
