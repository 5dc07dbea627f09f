/// How an app's users are found, created and refreshed for verified claims: the counterpart of
/// django-cognito-jwt's `get_or_create_for_cognito`, split into steps the app can override one by one.
///
/// For ``CognitoUser`` every step has a ready implementation (so `struct Users: CognitoUserManager {}` with
/// `User == CognitoUser` works as is); implement only the steps to change. For an app's own model, implement
/// ``get(_:)``, ``create(_:)`` and ``update(_:_:)``. ``CognitoUserStore`` calls ``getOrCreate(_:)`` on a cache miss.
public protocol CognitoUserManager: Sendable {
    /// The app's user type.
    associatedtype User: Sendable

    /// The stored user for `context.attributes` (``CognitoUserAttributes/pool`` and `sub`: not the issuer, which
    /// differs between a pool's issuer forms and replica regions), or `nil`.
    func get(_ context: CognitoUserContext) async throws -> User?
    /// Stores a new user for `context.attributes` and returns it. Must be race-safe: when another request
    /// created the same user meanwhile, return that one (insert … on conflict do nothing, then read).
    func create(_ context: CognitoUserContext) async throws -> User
    /// Refreshes a stored `user` from `context.attributes` (and its `last_seen`), returning the result. Only a
    /// token at least as new as the stored attributes should change them (compare
    /// ``CognitoUserAttributes/issuedAt`` with what the row records): an older, still valid token must not roll
    /// the user back.
    func update(_ user: User, _ context: CognitoUserContext) async throws -> User
    /// ``get(_:)``, then ``update(_:_:)`` when found or ``create(_:)`` when not.
    func getOrCreate(_ context: CognitoUserContext) async throws -> User
    /// The stored attributes of `user`, which the store's cache compares with later tokens; `nil` (the
    /// default for an app's own model) compares them with the token's own.
    func attributes(of user: User) -> CognitoUserAttributes?
}

extension CognitoUserManager {
    /// ``get(_:)``, then ``update(_:_:)`` when found or ``create(_:)`` when not.
    public func getOrCreate(_ context: CognitoUserContext) async throws -> User {
        if let existing = try await get(context) { return try await update(existing, context) }
        return try await create(context)
    }

    /// `nil`: the cache compares later tokens with the attributes of the token that produced the user.
    public func attributes(of user: User) -> CognitoUserAttributes? { nil }
}
