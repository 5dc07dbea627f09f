import HummingbirdAuth

/// A request context that can carry Cognito authentication: the identity (from `AuthRequestContext`) and
/// the ``CognitoAuthState`` the ``CognitoAuthenticator`` records (verified claims, or why a token was refused).
///
/// Conform your own context with one stored property:
///
/// ```swift
/// struct AppRequestContext: CognitoRequestContext {
///     var coreContext: CoreRequestContextStorage
///     var identity: AppUser?
///     var cognito = CognitoAuthState()
///     init(source: Source) { self.coreContext = .init(source: source) }
/// }
/// ```
///
/// or use ``BasicCognitoRequestContext``.
public protocol CognitoRequestContext: AuthRequestContext {
    /// What the ``CognitoAuthenticator`` found out about this request.
    var cognito: CognitoAuthState { get set }
}
