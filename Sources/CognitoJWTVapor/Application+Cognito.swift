import CognitoJWT
import Vapor

extension Application {
    /// Cognito token verification for this application: `configure(_:)` once at start-up, then
    /// ``Application/Cognito/authenticator()`` and ``Application/Cognito/guard(anyOfGroups:allOfScopes:)`` on route groups.
    public var cognito: Cognito { Cognito(application: self) }

    /// The Cognito settings of an `Application`, reached through `app.cognito`.
    public struct Cognito: Sendable {
        /// What `app.cognito` keeps in the application's storage.
        struct Settings: Sendable {
            var verifier: CognitoVerifier?
            var realm = HTTPRejection.defaultRealm
            var refreshInterval: Duration? = JWKSRefreshService.defaultInterval
            /// The lifecycle handler, once registered.
            var lifecycle: CognitoLifecycle?
        }

        private struct SettingsKey: StorageKey {
            typealias Value = Settings
        }

        /// The application.
        public let application: Application

        var settings: Settings {
            get { application.storage[SettingsKey.self] ?? Settings() }
            nonmutating set { application.storage[SettingsKey.self] = newValue }
        }

        /// Uses `verifier` for every request of the application.
        ///
        /// The application's start-up (`app.asyncBoot()`, done by `app.execute()`) fetches the JWKS once, so the
        /// first request does not wait; a failure there is logged as a warning and the application still starts
        /// (tokens are then answered 503 until the keys can be had). While the application runs the JWKS is
        /// refetched every `refreshInterval`, so that a key removed from it stops being trusted; the refresh
        /// stops when the application shuts down.
        ///
        /// - Parameters:
        ///   - verifier: the verifier, with the accepted pools.
        ///   - realm: the `realm` of `WWW-Authenticate` challenges (default: the current ``realm``).
        ///   - refreshInterval: how often to refetch the JWKS while running (`nil`: only on unknown `kid`s).
        public func configure(
            _ verifier: CognitoVerifier, realm: String? = nil,
            refreshInterval: Duration? = JWKSRefreshService.defaultInterval
        ) {
            var settings = self.settings
            settings.verifier = verifier
            if let realm { settings.realm = realm }
            settings.refreshInterval = refreshInterval
            let handler = settings.lifecycle ?? CognitoLifecycle()
            let register = settings.lifecycle == nil
            settings.lifecycle = handler
            self.settings = settings
            if register { application.lifecycle.use(handler) }
        }

        /// Builds a verifier from `configuration` (for example `.fromEnvironment()`, which reads
        /// `COGNITO_AWS_REGION`, `COGNITO_USER_POOL`, `COGNITO_AUDIENCE`, …) and uses it; see
        /// `configure(_:realm:refreshInterval:)`. The verifier logs through `app.logger`. Without `realm`, the
        /// configuration's realm (`COGNITO_REALM`) is used when it names one.
        ///
        /// - Throws: `CognitoConfigurationError` when the configuration cannot work, at start-up rather than at
        ///   the first request.
        public func configure(
            _ configuration: CognitoConfiguration, realm: String? = nil,
            refreshInterval: Duration? = JWKSRefreshService.defaultInterval
        ) throws(CognitoConfigurationError) {
            let verifier = try CognitoVerifier(configuration: configuration, logger: application.logger)
            configure(verifier, realm: realm ?? configuration.realm, refreshInterval: refreshInterval)
        }

        /// The configured verifier, `nil` before `configure(_:realm:refreshInterval:)`.
        public var verifier: CognitoVerifier? { settings.verifier }

        /// The `realm` named in `WWW-Authenticate` challenges (default `HTTPRejection.defaultRealm`, `"api"`).
        public var realm: String {
            get { settings.realm }
            nonmutating set { settings.realm = newValue }
        }

        /// How often the JWKS is refetched while the application runs (`nil`: never on a timer).
        public var refreshInterval: Duration? { settings.refreshInterval }

        /// An authenticator that logs in the caller as a `CognitoIdentity` (no user mapping).
        public func authenticator() -> CognitoAuthenticator<CognitoIdentity> {
            CognitoAuthenticator<CognitoIdentity>()
        }

        /// An authenticator that logs in the app's own `User`, found by its ``CognitoUserMapping`` hook.
        public func authenticator<User: CognitoUserMapping>(_ user: User.Type) -> CognitoAuthenticator<User> {
            CognitoAuthenticator<User>()
        }

        /// An authenticator that logs in whatever `user` returns for the verified claims (`nil`: a 401).
        public func authenticator<User: Authenticatable>(
            user: @escaping @Sendable (CognitoClaims, Request) async throws -> User?
        ) -> CognitoAuthenticator<User> {
            CognitoAuthenticator<User>(user: user)
        }

        /// A guard that answers 401 without a valid token, 403 when the token is in none of `anyOfGroups` or
        /// lacks one of `allOfScopes`, and 401 `insufficient_user_authentication` (RFC 9470) when its `acr` is
        /// none of `anyOfACR`, its `amr` lacks one of `allOfAMR` or its `auth_time` is older than `maxAge`.
        public func `guard`(
            anyOfGroups: [String] = [], allOfScopes: [String] = [], anyOfACR: [String] = [],
            allOfAMR: [String] = [], maxAge: Duration? = nil
        ) -> CognitoGuardMiddleware {
            CognitoGuardMiddleware(
                requiring: CognitoRequirements(
                    anyOfGroups: anyOfGroups, allOfScopes: allOfScopes, anyOfACR: anyOfACR, allOfAMR: allOfAMR,
                    maxAge: maxAge))
        }

        /// A guard with explicit requirements.
        public func `guard`(requiring requirements: CognitoRequirements) -> CognitoGuardMiddleware {
            CognitoGuardMiddleware(requiring: requirements)
        }
    }
}
